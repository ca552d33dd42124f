// To the person who registered an organisation (organisation_registered); an SME is told that the
// bureau verifies it and that bookings are at the standard rate until then.
import { emailT } from "./i18n";
import { OrganisationEmail, organisationVars, previewOrganisation, type OrganisationEmailProps } from "./components/organisation-email";

export function subject(props: OrganisationEmailProps): string {
  return emailT(props.locale)("orgRegistered.subject", organisationVars(props));
}

export default function OrganisationRegisteredEmail(props: OrganisationEmailProps) {
  return (
    <OrganisationEmail
      props={props}
      heading="orgRegistered.heading"
      paragraphs={props.positive === false ? ["orgRegistered.body", "orgRegistered.bodySme"] : ["orgRegistered.body"]}
      button="org.button.view"
    />
  );
}

OrganisationRegisteredEmail.PreviewProps = { ...previewOrganisation, positive: false } satisfies OrganisationEmailProps;
