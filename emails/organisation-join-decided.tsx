// To the requester when an owner approves or refuses (with the reason) their request (organisation_join_decided).
import { emailT } from "./i18n";
import { OrganisationEmail, organisationVars, previewOrganisation, type OrganisationEmailProps } from "./components/organisation-email";

export function subject(props: OrganisationEmailProps): string {
  return emailT(props.locale)(props.positive ? "orgJoinDecided.subjectApproved" : "orgJoinDecided.subjectRefused", organisationVars(props));
}

export default function OrganisationJoinDecidedEmail(props: OrganisationEmailProps) {
  return (
    <OrganisationEmail
      props={props}
      heading={props.positive ? "orgJoinDecided.headingApproved" : "orgJoinDecided.headingRefused"}
      paragraphs={[props.positive ? "orgJoinDecided.bodyApproved" : "orgJoinDecided.bodyRefused"]}
      button="org.button.view"
    />
  );
}

OrganisationJoinDecidedEmail.PreviewProps = { ...previewOrganisation, positive: true } satisfies OrganisationEmailProps;
