// To the organisation's owners when someone asks to join (organisation_join_requested).
import { emailT } from "./i18n";
import { OrganisationEmail, organisationVars, previewOrganisation, type OrganisationEmailProps } from "./components/organisation-email";

export function subject(props: OrganisationEmailProps): string {
  return emailT(props.locale)("orgJoinRequested.subject", organisationVars(props));
}

export default function OrganisationJoinRequestedEmail(props: OrganisationEmailProps) {
  return <OrganisationEmail props={props} heading="orgJoinRequested.heading" paragraphs={["orgJoinRequested.body"]} button="orgJoinRequested.button" />;
}

OrganisationJoinRequestedEmail.PreviewProps = { ...previewOrganisation, message: "我是研发部的李工。" } satisfies OrganisationEmailProps;
