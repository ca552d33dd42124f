// The bureau's SME verification list: organisations that say they are SMEs, by status. A bureau
// admin verifies one (the document or registration number seen; the credit code, who and when are
// recorded by verify_sme) or rejects it with a reason; the owners are e-mailed either way.
// Analysts see the list read-only. Only the database decides: the guard just hides the page.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SME_STATUS_LABEL } from "~/components/organisations/labels";
import { BureauStatsNav } from "~/components/stats/stats-ui";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert } from "~/components/ui/forms";
import { requireBureau } from "~/lib/auth/roles.server";
import { parseSubmission, type FormIssues } from "~/lib/forms/submission";
import { formatDate, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { isMessageKey, type MessageKey } from "~/lib/i18n/translate";
import { listSmesForBureau, rejectSme, verifySme } from "~/lib/organisations/organisations.server";
import { rejectSmeSchema, verifySmeSchema } from "~/lib/organisations/schemas";
import { SME_STATUSES, type SmeStatus } from "~/lib/platform/enums";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bureauOrgs.meta.title");

function statusParam(value: string | null): SmeStatus {
  return SME_STATUSES.find((status) => status === value) ?? "sme_pending";
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, bureauRole } = await requireBureau(request);
  const status = statusParam(new URL(request.url).searchParams.get("status"));
  const organisations = await listSmesForBureau(supabase, status);
  return json({ status, organisations, admin: bureauRole === "admin" }, { headers });
}

type ActionData = { organisationId: string; error: MessageKey };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireBureau(request, "admin");
  const formData = await request.formData();
  const organisationId = String(formData.get("organisationId") ?? "");
  const fail = (error: MessageKey, status: number) => json<ActionData>({ organisationId, error }, { status, headers });
  const firstError = (errors: Record<string, FormIssues | null> | null | undefined): MessageKey => {
    const message = Object.values(errors ?? {}).flatMap((issues) => issues ?? [])[0]?.message;
    return message && isMessageKey(message) ? message : "validation.invalid";
  };
  if (formData.get("intent") === "reject") {
    const submission = parseSubmission(rejectSmeSchema, formData);
    if (submission.status !== "success") {
      return fail(firstError(submission.error), 400);
    }
    const result = await rejectSme(supabase, submission.value.organisationId, submission.value.reason);
    if (!result.ok) return fail(result.error.message, result.error.status);
    return redirectWithHeaders("/bureau/organisations?notice=rejected", headers);
  }
  const submission = parseSubmission(verifySmeSchema, formData);
  if (submission.status !== "success") return fail(firstError(submission.error), 400);
  const result = await verifySme(supabase, submission.value.organisationId, submission.value.evidence);
  if (!result.ok) return fail(result.error.message, result.error.status);
  return redirectWithHeaders("/bureau/organisations?notice=verified", headers);
}

export default function BureauOrganisations() {
  const t = useT();
  const locale = useLocale();
  const { status, organisations, admin } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const notice = reply ? null : searchParams.get("notice");
  return (
    <div>
      <header className="page-header">
        <h1>{t("bureauOrgs.title")}</h1>
        <p className="muted">{t("bureauOrgs.intro")}</p>
      </header>
      <BureauStatsNav />
      <FormAlert message={notice === "verified" ? "bureauOrgs.notice.verified" : notice === "rejected" ? "bureauOrgs.notice.rejected" : null} tone="success" />
      <nav aria-label={t("bureauOrgs.filter")} className="tabs">
        {SME_STATUSES.map((value) => (
          <Link key={value} to={`?status=${value}`} aria-current={value === status ? "page" : undefined} className="tab">
            {t(SME_STATUS_LABEL[value])}
          </Link>
        ))}
      </nav>
      {organisations.length === 0 ? (
        <p className="panel muted">{t("bureauOrgs.none")}</p>
      ) : (
        <ul className="plain-list">
          {organisations.map((org) => {
            const district = Array.isArray(org.district) ? org.district[0] : org.district;
            const error = reply && reply.organisationId === org.id ? reply.error : null;
            return (
              <li key={org.id} className="panel" aria-labelledby={`org-${org.id}`}>
                <h2 id={`org-${org.id}`}>{localName(org, locale)}</h2>
                <dl className="facts">
                  <div>
                    <dt>{t("org.field.uscc")}</dt>
                    <dd>{org.uscc ?? "—"}</dd>
                  </div>
                  <div>
                    <dt>{t("org.field.district")}</dt>
                    <dd>{district ? localName({ name_zh: district.name_zh, name_en: district.name_en }, locale) : "—"}</dd>
                  </div>
                  <div>
                    <dt>{t("org.field.address")}</dt>
                    <dd>{org.address ?? "—"}</dd>
                  </div>
                  <div>
                    <dt>{t("bureauOrgs.contact")}</dt>
                    <dd>{[org.contact_name, org.contact_phone, org.contact_email].filter(Boolean).join(" · ") || "—"}</dd>
                  </div>
                  <div>
                    <dt>{t("bureauOrgs.registered")}</dt>
                    <dd>{formatDate(org.created_at, locale)}</dd>
                  </div>
                  {org.sme_decided_at ? (
                    <div>
                      <dt>{t("bureauOrgs.decided")}</dt>
                      <dd>{formatDate(org.sme_decided_at, locale)}</dd>
                    </div>
                  ) : null}
                  {org.sme_evidence ? (
                    <div>
                      <dt>{t("bureauOrgs.evidence")}</dt>
                      <dd>{org.sme_evidence}</dd>
                    </div>
                  ) : null}
                  {org.sme_rejection_reason ? (
                    <div>
                      <dt>{t("bureauOrgs.reason")}</dt>
                      <dd>{org.sme_rejection_reason}</dd>
                    </div>
                  ) : null}
                </dl>
                <FormAlert message={error} />
                {admin ? (
                  <div className="row-actions">
                    {org.sme_status !== "sme_verified" ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="verify" />
                        <input type="hidden" name="organisationId" value={org.id} />
                        <label htmlFor={`evidence-${org.id}`}>{t("bureauOrgs.evidenceLabel")}</label>{" "}
                        <input id={`evidence-${org.id}`} name="evidence" maxLength={200} />{" "}
                        <button type="submit" className="button button--primary button--small">
                          {t("bureauOrgs.verify")}
                        </button>
                      </Form>
                    ) : null}
                    {org.sme_status !== "sme_rejected" ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="reject" />
                        <input type="hidden" name="organisationId" value={org.id} />
                        <label htmlFor={`reason-${org.id}`}>{t("bureauOrgs.reasonLabel")}</label>{" "}
                        <input id={`reason-${org.id}`} name="reason" maxLength={500} />{" "}
                        <button type="submit" className="button button--secondary button--small">
                          {t("bureauOrgs.reject")}
                        </button>
                      </Form>
                    ) : null}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
