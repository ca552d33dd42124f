// To an invited address (organisation_invitation): accept from the link; an address without an
// account is sent to sign up first and comes back to the invitation.
import { emailT } from "./i18n";
import { OrganisationEmail, organisationVars, previewOrganisation, type OrganisationEmailProps } from "./components/organisation-email";

export function subject(props: OrganisationEmailProps): string {
  return emailT(props.locale)("orgInvitation.subject", organisationVars(props));
}

export default function OrganisationInvitationEmail(props: OrganisationEmailProps) {
  return (
    <OrganisationEmail
      props={{ ...props, recipientName: props.needsAccount ? null : props.recipientName }}
      heading="orgInvitation.heading"
      paragraphs={props.needsAccount ? ["orgInvitation.body", "orgInvitation.bodyNoAccount"] : ["orgInvitation.body"]}
      button={props.needsAccount ? "orgInvitation.buttonSignup" : "orgInvitation.button"}
    />
  );
}

OrganisationInvitationEmail.PreviewProps = {
  ...previewOrganisation,
  needsAccount: true,
  url: "http://localhost:3000/signup?next=%2Finvitations%2F5f0c2a1e-8b7d-4e3f-9a61-2c4d8e0b7a35",
} satisfies OrganisationEmailProps;
