// "Your organisation": the step after sign-up, and wherever booking needs an organisation. Find a
// company or institution by name or credit code and ask to join it, accept an invitation, or
// register a new one. `next` (a path on this site, e.g. the chosen slot's booking form) is where
// the user goes on once they belong to one.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { KIND_LABEL } from "~/components/organisations/labels";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert, SubmitButton } from "~/components/ui/forms";
import { requireUser } from "~/lib/auth/auth.server";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { findOrganisations, getMyOrganisationState, requestToJoin, withdrawJoinRequest } from "~/lib/organisations/organisations.server";
import { joinRequestSchema, organisationSearchSchema } from "~/lib/organisations/schemas";
import { parseSubmission } from "~/lib/forms/submission";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { z } from "zod";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "onboarding.meta.title");

/** Where to go on afterwards: a path on this site, or nothing. */
function nextPath(value: string | null | undefined): string | null {
  const path = safeRedirect(value, "");
  return path ? path : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const url = new URL(request.url);
  const next = nextPath(url.searchParams.get("next"));
  const state = await getMyOrganisationState(supabase);
  const rawQuery = url.searchParams.get("q");
  let query = rawQuery ?? "";
  let results: Awaited<ReturnType<typeof findOrganisations>> | null = null;
  let queryError: MessageKey | null = null;
  if (rawQuery !== null) {
    const parsed = organisationSearchSchema.safeParse({ q: rawQuery });
    if (parsed.success) {
      query = parsed.data.q;
      results = await findOrganisations(supabase, query);
    } else {
      queryError = (parsed.error.issues[0]?.message as MessageKey) ?? "validation.invalid";
    }
  }
  return json(
    {
      next,
      state,
      query,
      queryError,
      results: results?.ok ? results.value : null,
      requested: url.searchParams.get("requested") === "1",
    },
    { status: queryError ? 400 : 200, headers },
  );
}

const withdrawSchema = z.object({ requestId: z.string().uuid() });

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "withdraw") {
    const parsed = withdrawSchema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) return json({ error: "validation.invalid" as MessageKey }, { status: 400, headers });
    const result = await withdrawJoinRequest(supabase, parsed.data.requestId);
    if (!result.ok) return json({ error: result.error.message }, { status: result.error.status, headers });
    return redirectWithHeaders(new URL(request.url).pathname + new URL(request.url).search, headers);
  }
  const submission = parseSubmission(joinRequestSchema, formData);
  if (submission.status !== "success") return json({ error: "validation.invalid" as MessageKey }, { status: 400, headers });
  const result = await requestToJoin(supabase, submission.value.organisationId, submission.value.message);
  if (!result.ok) return json({ error: result.error.message }, { status: result.error.status, headers });
  const params = new URLSearchParams({ requested: "1" });
  const next = nextPath(submission.value.next);
  if (next) params.set("next", next);
  return redirectWithHeaders(`/onboarding/organisation?${params}`, headers);
}

export default function OnboardingOrganisation() {
  const t = useT();
  const locale = useLocale();
  const { next, state, query, queryError, results, requested } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const withNext = (path: string) => (next ? `${path}${path.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}` : path);
  const member = state.organisations.length > 0;

  return (
    <div className="page-narrow">
      <h1>{t("onboarding.title")}</h1>
      <p className="muted">{t("onboarding.intro")}</p>
      <FormAlert message={reply?.error} />
      <FormAlert message={requested ? "onboarding.requested" : null} tone="success" />

      {member ? (
        <section className="panel" aria-labelledby="member-title">
          <h2 id="member-title">{t("onboarding.member.title")}</h2>
          <ul className="link-list">
            {state.organisations.map((org) => (
              <li key={org.id}>
                <Link to={`/account/organisation?id=${org.id}`}>{localName(org, locale)}</Link>
              </li>
            ))}
          </ul>
          {next ? (
            <p>
              <Link to={next} className="button button--primary">
                {t("onboarding.continue")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {state.invitations.length > 0 ? (
        <section className="panel" aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t("onboarding.invitations.title")}</h2>
          <ul className="link-list">
            {state.invitations.map((invitation) => (
              <li key={invitation.token}>
                <Link to={withNext(`/invitations/${invitation.token}`)}>
                  {t("onboarding.invitations.item", { organisation: localName(invitation, locale) })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {state.requests.length > 0 ? (
        <section className="panel" aria-labelledby="requests-title">
          <h2 id="requests-title">{t("onboarding.requests.title")}</h2>
          <ul className="plain-list">
            {state.requests.map((request) => (
              <li key={request.id}>
                {t("onboarding.requests.item", { organisation: localName(request, locale) })}{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="withdraw" />
                  <input type="hidden" name="requestId" value={request.id} />
                  <button type="submit" className="button button--secondary button--small">
                    {t("onboarding.requests.withdraw")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="find-title">
        <h2 id="find-title">{t("onboarding.find.title")}</h2>
        <p className="muted">{t("onboarding.find.intro")}</p>
        <Form method="get" className="form" role="search">
          {next ? <input type="hidden" name="next" value={next} /> : null}
          <div className={queryError ? "field field--invalid" : "field"}>
            <label htmlFor="org-q">{t("onboarding.find.label")}</label>
            <input
              id="org-q"
              name="q"
              type="search"
              defaultValue={query}
              maxLength={100}
              aria-invalid={queryError ? true : undefined}
              aria-describedby={queryError ? "org-q-error" : undefined}
            />
            {queryError ? (
              <ul id="org-q-error" className="field-errors">
                <li>{t(queryError)}</li>
              </ul>
            ) : null}
          </div>
          <button type="submit" className="button button--secondary">
            {t("onboarding.find.submit")}
          </button>
        </Form>

        {results ? (
          results.length === 0 ? (
            <p role="status">{t("onboarding.find.none", { query })}</p>
          ) : (
            <ul className="org-results" aria-label={t("onboarding.find.results")}>
              {results.map((org) => (
                <li key={org.id} className="org-result">
                  <div>
                    <strong>{localName(org, locale)}</strong>
                    <div className="muted small">
                      {t(KIND_LABEL[org.kind])}
                      {org.district_name_zh ? ` · ${locale === "en" ? (org.district_name_en ?? org.district_name_zh) : org.district_name_zh}` : ""}
                      {org.uscc ? ` · ${t("org.field.uscc")} ${org.uscc}` : ""}
                    </div>
                  </div>
                  {org.is_member ? (
                    <span className="muted">{t("onboarding.find.isMember")}</span>
                  ) : org.request_pending ? (
                    <span className="muted">{t("onboarding.find.pending")}</span>
                  ) : (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="join" />
                      <input type="hidden" name="organisationId" value={org.id} />
                      {next ? <input type="hidden" name="next" value={next} /> : null}
                      <SubmitButton className="button button--primary button--small">
                        {t("onboarding.find.join", { organisation: localName(org, locale) })}
                      </SubmitButton>
                    </Form>
                  )}
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>

      <section className="panel" aria-labelledby="register-title">
        <h2 id="register-title">{t("onboarding.register.title")}</h2>
        <p className="muted">{t("onboarding.register.intro")}</p>
        <p>
          <Link to={withNext("/onboarding/organisation/register")} className="button button--secondary">
            {t("onboarding.register.link")}
          </Link>
        </p>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
