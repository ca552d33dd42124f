// Membership changes (organisation_membership): an invitation accepted or declined, a member who
// left or was removed, a role changed, ownership passed on; worded for the person concerned
// ("self") or for the owners ("others").
import { emailT, type EmailMessageKey } from "./i18n";
import { OrganisationEmail, organisationVars, previewOrganisation, type OrganisationEmailProps } from "./components/organisation-email";

const BODIES: Record<string, { self?: EmailMessageKey; others: EmailMessageKey }> = {
  invitation_accepted: { others: "orgMembership.invitation_accepted.others" },
  invitation_declined: { others: "orgMembership.invitation_declined.others" },
  member_left: { self: "orgMembership.member_left.self", others: "orgMembership.member_left.others" },
  member_removed: { self: "orgMembership.member_removed.self", others: "orgMembership.member_removed.others" },
  role_changed: { self: "orgMembership.role_changed.self", others: "orgMembership.role_changed.others" },
  ownership_transferred: { self: "orgMembership.ownership_transferred.self", others: "orgMembership.ownership_transferred.others" },
};

export function membershipBody(props: Pick<OrganisationEmailProps, "change" | "toSubject">): EmailMessageKey {
  const body = props.change ? BODIES[props.change] : undefined;
  if (!body) return "orgMembership.other";
  return (props.toSubject ? body.self : undefined) ?? body.others;
}

export function subject(props: OrganisationEmailProps): string {
  return emailT(props.locale)("orgMembership.subject", organisationVars(props));
}

export default function OrganisationMembershipEmail(props: OrganisationEmailProps) {
  return <OrganisationEmail props={props} heading="orgMembership.heading" paragraphs={[membershipBody(props)]} button="org.button.view" />;
}

OrganisationMembershipEmail.PreviewProps = { ...previewOrganisation, change: "member_left", toSubject: false } satisfies OrganisationEmailProps;
