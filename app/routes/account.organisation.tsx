// My organisation: details and SME verification status, members and roles; for owners also the
// pending invitations and join requests, with the actions (invite, approve or refuse, change a
// role, pass ownership on, remove), and the change log. Every action is a database function that
// checks the caller; the page only decides which buttons to show.
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { KIND_LABEL, ROLE_LABEL, SME_STATUS_LABEL } from "~/components/organisations/labels";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Facts } from "~/components/ui/facts";
import { Field, FormAlert, FormErrors, SelectField, SubmitButton, useConformForm } from "~/components/ui/forms";
import { requireUser } from "~/lib/auth/auth.server";
import { parseSubmission, replyTo, type FormResult } from "~/lib/forms/submission";
import { formatDate, formatDateTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { isMessageKey, type MessageKey } from "~/lib/i18n/translate";
import {
  acceptInvitation,
  declineInvitation,
  decideJoinRequest,
  getMyOrganisationState,
  getOrganisationOverview,
  inviteMember,
  leaveOrganisation,
  removeMember,
  revokeInvitation,
  setMemberRole,
  transferOwnership,
  withdrawJoinRequest,
  type OrgResult,
} from "~/lib/organisations/organisations.server";
import { decideRequestSchema, invitationIdSchema, inviteSchema, memberSchema, roleSchema } from "~/lib/organisations/schemas";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "orgPage.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const state = await getMyOrganisationState(supabase);
  const wanted = new URL(request.url).searchParams.get("id");
  const chosen =
    state.organisations.find((org) => org.id === wanted) ??
    state.organisations.find((org) => org.is_profile_organisation) ??
    state.organisations[0] ??
    null;
  const overview = chosen ? await getOrganisationOverview(supabase, chosen.id) : null;
  return json({ state, overview }, { headers });
}

const orgIdSchema = z.object({ organisationId: z.string().uuid() });
const tokenSchema = z.object({ token: z.string().uuid() });

type ActionData = { intent: string; result?: FormResult; error?: MessageKey };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const fail = (error: MessageKey, status = 400) => json<ActionData>({ intent, error }, { status, headers });
  const done = (result: OrgResult<unknown>, notice: string, organisationId?: string) => {
    if (!result.ok) return fail(result.error.message, result.error.status);
    const params = new URLSearchParams({ notice });
    if (organisationId) params.set("id", organisationId);
    return redirectWithHeaders(`/account/organisation?${params}`, headers);
  };

  // Invitations to the caller and their own join requests need no organisation of theirs.
  if (intent === "accept" || intent === "decline") {
    const parsed = tokenSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return fail("validation.invalid");
    if (intent === "decline") return done(await declineInvitation(supabase, parsed.data.token), "declined");
    const accepted = await acceptInvitation(supabase, parsed.data.token);
    return done(accepted, "joined", accepted.ok ? accepted.value : undefined);
  }
  if (intent === "withdraw") {
    const parsed = z.object({ requestId: z.string().uuid() }).safeParse(Object.fromEntries(formData));
    if (!parsed.success) return fail("validation.invalid");
    return done(await withdrawJoinRequest(supabase, parsed.data.requestId), "withdrawn");
  }

  const org = orgIdSchema.safeParse({ organisationId: formData.get("organisationId") });
  if (!org.success) return fail("validation.invalid");
  const organisationId = org.data.organisationId;

  switch (intent) {
    case "invite": {
      const submission = parseSubmission(inviteSchema, formData);
      if (submission.status !== "success") return json<ActionData>({ intent, result: replyTo(submission) }, { status: 400, headers });
      const result = await inviteMember(supabase, organisationId, submission.value.email, submission.value.role);
      if (!result.ok) {
        const field = result.error.field === "email" ? "email" : "form";
        return json<ActionData>(
          { intent, result: replyTo(submission, { field, message: result.error.message }) },
          { status: result.error.status, headers },
        );
      }
      return done(result, "invited", organisationId);
    }
    case "revoke": {
      const parsed = invitationIdSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return fail("validation.invalid");
      return done(await revokeInvitation(supabase, parsed.data.invitationId), "revoked", organisationId);
    }
    case "decide": {
      const submission = parseSubmission(decideRequestSchema, formData);
      if (submission.status !== "success") {
        const reasonError = submission.error?.reason?.[0]?.message;
        return fail(reasonError && isMessageKey(reasonError) ? reasonError : "org.validation.reasonRequired");
      }
      const { requestId, decision, reason } = submission.value;
      return done(await decideJoinRequest(supabase, requestId, decision === "approve", reason), decision === "approve" ? "approved" : "refused", organisationId);
    }
    case "role": {
      const parsed = roleSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return fail("validation.invalid");
      return done(await setMemberRole(supabase, organisationId, parsed.data.userId, parsed.data.role), "roleChanged", organisationId);
    }
    case "transfer": {
      const parsed = memberSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return fail("validation.invalid");
      return done(await transferOwnership(supabase, organisationId, parsed.data.userId), "transferred", organisationId);
    }
    case "remove": {
      const parsed = memberSchema.safeParse(Object.fromEntries(formData));
      if (!parsed.success) return fail("validation.invalid");
      return done(await removeMember(supabase, organisationId, parsed.data.userId), "removed", organisationId);
    }
    case "leave":
      return done(await leaveOrganisation(supabase, organisationId), "left");
    default:
      return fail("validation.invalid");
  }
}

const NOTICES: Record<string, MessageKey> = {
  registered: "orgPage.notice.registered",
  joined: "orgPage.notice.joined",
  declined: "orgPage.notice.declined",
  withdrawn: "orgPage.notice.withdrawn",
  invited: "orgPage.notice.invited",
  revoked: "orgPage.notice.revoked",
  approved: "orgPage.notice.approved",
  refused: "orgPage.notice.refused",
  roleChanged: "orgPage.notice.roleChanged",
  transferred: "orgPage.notice.transferred",
  removed: "orgPage.notice.removed",
  left: "orgPage.notice.left",
};

function InviteForm({ organisationId, result }: { organisationId: string; result: FormResult | undefined }) {
  const t = useT();
  const [form, fields] = useConformForm(inviteSchema, result, { defaultValue: { role: "member" } });
  return (
    <Form method="post" {...getFormProps(form)} className="form">
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="invite" />
      <input type="hidden" name="organisationId" value={organisationId} />
      <Field meta={fields.email} label="orgPage.invite.email" type="email" autoComplete="off" />
      <SelectField
        meta={fields.role}
        label="orgPage.invite.role"
        options={[
          { value: "member", label: t("org.role.member") },
          { value: "owner", label: t("org.role.owner") },
        ]}
      />
      <SubmitButton>{t("orgPage.invite.submit")}</SubmitButton>
    </Form>
  );
}

function Hidden({ intent, organisationId, ...rest }: { intent: string; organisationId?: string } & Record<string, string>) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      {organisationId ? <input type="hidden" name="organisationId" value={organisationId} /> : null}
      {Object.entries(rest).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export default function AccountOrganisation() {
  const t = useT();
  const locale = useLocale();
  const { state, overview } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = reply === undefined ? NOTICES[searchParams.get("notice") ?? ""] : undefined;
  const owner = overview?.my_role === "owner";
  const org = overview?.organisation;

  return (
    <div className="page-narrow">
      <p className="breadcrumb">
        <Link to="/account">← {t("orgPage.back")}</Link>
      </p>
      <h1>{t("orgPage.title")}</h1>
      <FormAlert message={notice} tone="success" />
      <FormAlert message={reply?.error} />

      {state.invitations.length > 0 ? (
        <section className="panel" aria-labelledby="my-invitations-title">
          <h2 id="my-invitations-title">{t("orgPage.myInvitations")}</h2>
          <ul className="plain-list">
            {state.invitations.map((invitation) => (
              <li key={invitation.token} className="row-actions">
                <span>
                  {t("orgPage.myInvitations.item", {
                    organisation: localName(invitation, locale),
                    role: t(ROLE_LABEL[invitation.role]),
                    date: formatDate(invitation.expires_at, locale),
                  })}
                </span>
                <Form method="post" className="inline-form">
                  <Hidden intent="accept" token={invitation.token} />
                  <button type="submit" className="button button--primary button--small">
                    {t("invitation.accept")}
                  </button>
                </Form>
                <Form method="post" className="inline-form">
                  <Hidden intent="decline" token={invitation.token} />
                  <button type="submit" className="button button--secondary button--small">
                    {t("invitation.decline")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {state.requests.length > 0 ? (
        <section className="panel" aria-labelledby="my-requests-title">
          <h2 id="my-requests-title">{t("onboarding.requests.title")}</h2>
          <ul className="plain-list">
            {state.requests.map((request) => (
              <li key={request.id} className="row-actions">
                <span>{t("onboarding.requests.item", { organisation: localName(request, locale) })}</span>
                <Form method="post" className="inline-form">
                  <Hidden intent="withdraw" requestId={request.id} />
                  <button type="submit" className="button button--secondary button--small">
                    {t("onboarding.requests.withdraw")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {!overview || !org ? (
        <section className="panel">
          <p>{t("orgPage.none")}</p>
          <p>
            <Link to="/onboarding/organisation" className="button button--primary">
              {t("orgPage.findOrRegister")}
            </Link>
          </p>
        </section>
      ) : (
        <>
          {state.organisations.length > 1 ? (
            <nav aria-label={t("orgPage.switch")} className="panel">
              <ul className="link-list">
                {state.organisations.map((other) => (
                  <li key={other.id}>
                    {other.id === org.id ? (
                      <strong aria-current="page">{localName(other, locale)}</strong>
                    ) : (
                      <Link to={`/account/organisation?id=${other.id}`}>{localName(other, locale)}</Link>
                    )}
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}

          <section className="panel" aria-labelledby="details-title">
            <h2 id="details-title">{localName(org, locale)}</h2>
            <Facts
              facts={[
                { label: t("org.field.kind"), value: t(KIND_LABEL[org.kind]) },
                org.name_en && locale !== "en" ? { label: t("org.field.nameEn"), value: org.name_en } : null,
                { label: t("org.field.uscc"), value: org.uscc ?? "—" },
                org.district_name_zh ? { label: t("org.field.district"), value: locale === "en" ? (org.district_name_en ?? org.district_name_zh) : org.district_name_zh } : null,
                org.address ? { label: t("org.field.address"), value: org.address } : null,
                org.contact_name ? { label: t("org.field.contactName"), value: org.contact_name } : null,
                org.contact_phone ? { label: t("org.field.contactPhone"), value: org.contact_phone } : null,
                org.contact_email ? { label: t("org.field.contactEmail"), value: org.contact_email } : null,
                { label: t("orgPage.myRole"), value: overview.my_role ? t(ROLE_LABEL[overview.my_role]) : "—" },
              ]}
            />
            {org.sme_status ? (
              <div className={org.sme_status === "sme_verified" ? "alert alert--success" : "alert alert--info"} role="status">
                <p>
                  <strong>{t("org.sme.label")}: </strong>
                  {t(SME_STATUS_LABEL[org.sme_status])}
                </p>
                {org.sme_status === "sme_pending" ? <p>{t("orgPage.sme.pendingHelp")}</p> : null}
                {org.sme_status === "sme_rejected" ? (
                  <p>{t("orgPage.sme.rejectedHelp", { reason: org.sme_rejection_reason ?? "" })}</p>
                ) : null}
                {org.sme_status === "sme_verified" && org.sme_decided_at ? (
                  <p>{t("orgPage.sme.verifiedOn", { date: formatDate(org.sme_decided_at, locale) })}</p>
                ) : null}
              </div>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="members-title">
            <h2 id="members-title">{t("orgPage.members")}</h2>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("orgPage.col.name")}</th>
                    <th scope="col">{t("orgPage.col.email")}</th>
                    <th scope="col">{t("orgPage.col.role")}</th>
                    {owner ? <th scope="col">{t("orgPage.col.actions")}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {overview.members.map((member) => (
                    <tr key={member.user_id}>
                      <td>{member.display_name || "—"}</td>
                      <td>{member.email ?? "—"}</td>
                      <td>{t(ROLE_LABEL[member.role])}</td>
                      {owner ? (
                        <td className="row-actions">
                          <Form method="post" className="inline-form">
                            <Hidden intent="role" organisationId={org.id} userId={member.user_id} role={member.role === "owner" ? "member" : "owner"} />
                            <button type="submit" className="button button--secondary button--small">
                              {t(member.role === "owner" ? "orgPage.makeMember" : "orgPage.makeOwner")}
                            </button>
                          </Form>
                          {member.role === "member" ? (
                            <Form method="post" className="inline-form">
                              <Hidden intent="transfer" organisationId={org.id} userId={member.user_id} />
                              <button type="submit" className="button button--secondary button--small">
                                {t("orgPage.transfer")}
                              </button>
                            </Form>
                          ) : null}
                          <Form method="post" className="inline-form">
                            <Hidden intent="remove" organisationId={org.id} userId={member.user_id} />
                            <button type="submit" className="button button--danger button--small">
                              {t("orgPage.remove")}
                            </button>
                          </Form>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Form method="post" className="inline-form">
              <Hidden intent="leave" organisationId={org.id} />
              <button type="submit" className="button button--secondary">
                {t("orgPage.leave")}
              </button>
            </Form>
          </section>

          {owner ? (
            <>
              <section className="panel" aria-labelledby="requests-title">
                <h2 id="requests-title">{t("orgPage.requests")}</h2>
                {overview.requests.length === 0 ? (
                  <p className="muted">{t("orgPage.requests.none")}</p>
                ) : (
                  <ul className="plain-list">
                    {overview.requests.map((request) => (
                      <li key={request.id} className="request">
                        <p>
                          <strong>{request.display_name || request.email}</strong> ({request.email}) ·{" "}
                          {formatDateTime(request.created_at, locale)}
                        </p>
                        {request.message ? <blockquote>{request.message}</blockquote> : null}
                        <div className="row-actions">
                          <Form method="post" className="inline-form">
                            <Hidden intent="decide" organisationId={org.id} requestId={request.id} decision="approve" />
                            <button type="submit" className="button button--primary button--small">
                              {t("orgPage.approve", { name: request.display_name || request.email || "" })}
                            </button>
                          </Form>
                          <Form method="post" className="inline-form">
                            <Hidden intent="decide" organisationId={org.id} requestId={request.id} decision="refuse" />
                            <label htmlFor={`reason-${request.id}`}>{t("orgPage.refuseReason")}</label>{" "}
                            <input id={`reason-${request.id}`} name="reason" maxLength={500} />{" "}
                            <button type="submit" className="button button--secondary button--small">
                              {t("orgPage.refuse")}
                            </button>
                          </Form>
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </section>

              <section className="panel" aria-labelledby="invitations-title">
                <h2 id="invitations-title">{t("orgPage.invitations")}</h2>
                {overview.invitations.length === 0 ? (
                  <p className="muted">{t("orgPage.invitations.none")}</p>
                ) : (
                  <ul className="plain-list">
                    {overview.invitations.map((invitation) => (
                      <li key={invitation.id} className="row-actions">
                        <span>
                          {invitation.email} · {t(ROLE_LABEL[invitation.role])} ·{" "}
                          {invitation.expired
                            ? t("orgPage.invitations.expired")
                            : t("orgPage.invitations.until", { date: formatDate(invitation.expires_at, locale) })}
                        </span>
                        <Form method="post" className="inline-form">
                          <Hidden intent="revoke" organisationId={org.id} invitationId={invitation.id} />
                          <button type="submit" className="button button--secondary button--small">
                            {t("orgPage.invitations.revoke")}
                          </button>
                        </Form>
                      </li>
                    ))}
                  </ul>
                )}
                <h3>{t("orgPage.invite")}</h3>
                <InviteForm organisationId={org.id} result={reply?.intent === "invite" ? reply.result : undefined} />
              </section>

              <section className="panel" aria-labelledby="events-title">
                <h2 id="events-title">{t("orgPage.events")}</h2>
                <ul className="plain-list small">
                  {overview.events.map((event, index) => (
                    <li key={`${event.created_at}-${index}`}>
                      {formatDateTime(event.created_at, locale)} ·{" "}
                      {t(isMessageKey(`orgEvent.${event.kind}`) ? (`orgEvent.${event.kind}` as MessageKey) : "orgEvent.unknown", {
                        actor: event.actor || "—",
                        subject: event.subject || "—",
                      })}
                    </li>
                  ))}
                </ul>
              </section>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
