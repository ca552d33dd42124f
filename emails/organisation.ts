// Picks and renders the organisation e-mail for an outbox template, in HTML and plain text.
import { render } from "@react-email/render";
import { createElement } from "react";
import OrganisationInvitationEmail, { subject as invitationSubject } from "./organisation-invitation";
import OrganisationJoinDecidedEmail, { subject as joinDecidedSubject } from "./organisation-join-decided";
import OrganisationJoinRequestedEmail, { subject as joinRequestedSubject } from "./organisation-join-requested";
import OrganisationMembershipEmail, { subject as membershipSubject } from "./organisation-membership";
import OrganisationRegisteredEmail, { subject as registeredSubject } from "./organisation-registered";
import OrganisationSmeDecidedEmail, { subject as smeDecidedSubject } from "./organisation-sme-decided";
import type { OrganisationEmailProps } from "./components/organisation-email";

export type { OrganisationEmailProps } from "./components/organisation-email";

/** The outbox templates of organisation e-mails (email_outbox.template), written by the organisation functions. */
export const ORGANISATION_EMAIL_TEMPLATES = [
  "organisation_registered",
  "organisation_invitation",
  "organisation_join_requested",
  "organisation_join_decided",
  "organisation_membership",
  "organisation_sme_decided",
] as const;
export type OrganisationEmailTemplate = (typeof ORGANISATION_EMAIL_TEMPLATES)[number];

export function isOrganisationEmailTemplate(value: string): value is OrganisationEmailTemplate {
  return (ORGANISATION_EMAIL_TEMPLATES as readonly string[]).includes(value);
}

const templates = {
  organisation_registered: { component: OrganisationRegisteredEmail, subject: registeredSubject },
  organisation_invitation: { component: OrganisationInvitationEmail, subject: invitationSubject },
  organisation_join_requested: { component: OrganisationJoinRequestedEmail, subject: joinRequestedSubject },
  organisation_join_decided: { component: OrganisationJoinDecidedEmail, subject: joinDecidedSubject },
  organisation_membership: { component: OrganisationMembershipEmail, subject: membershipSubject },
  organisation_sme_decided: { component: OrganisationSmeDecidedEmail, subject: smeDecidedSubject },
} satisfies Record<OrganisationEmailTemplate, unknown>;

export async function renderOrganisationEmail(
  template: OrganisationEmailTemplate,
  props: OrganisationEmailProps,
): Promise<{ subject: string; html: string; text: string }> {
  const { component, subject } = templates[template];
  const element = createElement(component, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(props), html, text };
}
