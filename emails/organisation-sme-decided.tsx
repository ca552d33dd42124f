// To the organisation's owners when the bureau verifies or rejects (with the reason) its SME status (organisation_sme_decided).
import { emailT } from "./i18n";
import { OrganisationEmail, organisationVars, previewOrganisation, type OrganisationEmailProps } from "./components/organisation-email";

export function subject(props: OrganisationEmailProps): string {
  return emailT(props.locale)(props.positive ? "orgSmeDecided.subjectVerified" : "orgSmeDecided.subjectRejected", organisationVars(props));
}

export default function OrganisationSmeDecidedEmail(props: OrganisationEmailProps) {
  return (
    <OrganisationEmail
      props={props}
      heading={props.positive ? "orgSmeDecided.headingVerified" : "orgSmeDecided.headingRejected"}
      paragraphs={[props.positive ? "orgSmeDecided.bodyVerified" : "orgSmeDecided.bodyRejected"]}
      button="org.button.view"
    />
  );
}

OrganisationSmeDecidedEmail.PreviewProps = { ...previewOrganisation, positive: true } satisfies OrganisationEmailProps;
