// /lab/authorisations: self-operation authorisations on the lab's instruments. Any member of the
// lab's staff grants (one person, found by exact e-mail or chosen from the lab's past requesters,
// on one or more instruments, to an expiry date, with a note), renews and revokes; the list shows
// expired and expiring ones first. The SQL functions check the caller staffs the lab.
import { getFormProps, getInputProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { ErrorList, Field, FormAlert, FormErrors, SelectField, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDate, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import {
  grantAuthorisations,
  listAuthorisations,
  listLabInstruments,
  listPastRequesters,
  revokeAuthorisation,
} from "~/lib/labs/authorisations.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { grantSchema, renewSchema, revokeSchema } from "~/lib/labs/staff-schemas";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { addDays, shanghaiDate, todayInShanghai } from "~/lib/time/shanghai";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labAuth.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const [authorisations, requesters, instruments] = await Promise.all([
    listAuthorisations(supabase, lab.id),
    listPastRequesters(supabase, lab.id),
    listLabInstruments(supabase, lab.id),
  ]);
  const today = todayInShanghai();
  return json({ authorisations, requesters, instruments, today }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "grant") {
    const submission = parseSubmission(grantSchema, formData);
    if (submission.status !== "success") return json({ intent, result: replyTo(submission) }, { status: 400, headers });
    const { email, requester, instruments, expiresOn, note } = submission.value;
    const result = await grantAuthorisations(supabase, { labId: lab.id, instrumentIds: instruments, expiresOn, note, email, userId: requester });
    if (!result.ok) {
      const { field, message, status } = result.error;
      return json({ intent, result: replyTo(submission, { field, message }) }, { status, headers });
    }
    return redirectWithHeaders(`/lab/authorisations?done=granted&n=${result.value}`, headers);
  }
  if (intent === "renew") {
    const submission = parseSubmission(renewSchema, formData);
    if (submission.status !== "success") {
      return json({ intent, result: replyTo(submission, { field: "form", message: "labAuth.renewInvalid" }) }, { status: 400, headers });
    }
    const { instrumentId, userId, expiresOn, note } = submission.value;
    const result = await grantAuthorisations(supabase, { labId: lab.id, instrumentIds: [instrumentId], expiresOn, note, userId });
    if (!result.ok) {
      const { message, status } = result.error;
      return json({ intent, result: replyTo(submission, { field: "form", message }) }, { status, headers });
    }
    return redirectWithHeaders("/lab/authorisations?done=renewed", headers);
  }
  const submission = parseSubmission(revokeSchema, formData);
  if (submission.status !== "success") {
    return json({ intent, result: replyTo(submission, { field: "form", message: "validation.invalid" }) }, { status: 400, headers });
  }
  const result = await revokeAuthorisation(supabase, submission.value);
  if (!result.ok) {
    const { message, status } = result.error;
    return json({ intent, result: replyTo(submission, { field: "form", message }) }, { status, headers });
  }
  return redirectWithHeaders("/lab/authorisations?done=revoked", headers);
}

const DONE = { granted: "labAuth.done.granted", renewed: "labAuth.done.renewed", revoked: "labAuth.done.revoked" } as const;

export default function LabAuthorisationsPage() {
  const t = useT();
  const locale = useLocale();
  const { authorisations, requesters, instruments, today } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const [form, fields] = useConformForm(grantSchema, data?.intent === "grant" ? data.result : undefined, {
    defaultValue: { intent: "grant", expiresOn: addDays(today, 365) },
  });
  const rowError = data && data.intent !== "grant" ? data.result.error?.[""]?.[0]?.message : undefined;
  const soon = addDays(today, 30);

  return (
    <div>
      <header className="page-header">
        <h1>{t("labAuth.title")}</h1>
        <p className="muted">{t("labAuth.intro")}</p>
      </header>
      {done && done in DONE ? <FormAlert tone="success" message={DONE[done as keyof typeof DONE]} /> : null}
      <FormAlert message={rowError} />
      {authorisations.length === 0 ? (
        <p className="muted">{t("labAuth.empty")}</p>
      ) : (
        <DataTable
          caption={t("labAuth.list")}
          rows={authorisations}
          rowKey={(row) => `${row.instrumentId}/${row.userId}`}
          columns={[
            {
              id: "person",
              header: t("labAuth.col.person"),
              title: true,
              cell: (row) => (
                <>
                  {row.displayName || row.email}
                  <br />
                  <span className="muted">{row.email}</span>
                </>
              ),
            },
            {
              id: "org",
              header: t("labAuth.col.organisation"),
              cell: (row) => (row.organisationNameZh ? localName({ name_zh: row.organisationNameZh, name_en: row.organisationNameEn }, locale) : "—"),
            },
            {
              id: "instrument",
              header: t("labAuth.col.instrument"),
              cell: (row) => localName({ name_zh: row.instrumentNameZh, name_en: row.instrumentNameEn }, locale),
            },
            {
              id: "expires",
              header: t("labAuth.col.expires"),
              cell: (row) => {
                if (!row.expiresAt) return t("labAuth.noExpiry");
                // expires_at is the end of the last valid day: the day before it, in Shanghai
                const lastDay = shanghaiDate(new Date(Date.parse(row.expiresAt) - 1));
                const expired = lastDay < today;
                return (
                  <span className={expired ? "expiry--past" : lastDay <= soon ? "expiry--soon" : undefined}>
                    {formatDate(`${lastDay}T12:00:00+08:00`, locale)}
                    {expired ? ` · ${t("labAuth.expired")}` : lastDay <= soon ? ` · ${t("labAuth.expiringSoon")}` : ""}
                  </span>
                );
              },
            },
            { id: "note", header: t("labAuth.col.note"), cell: (row) => row.note || "—" },
            {
              id: "actions",
              header: t("labAuth.col.actions"),
              cell: (row) => {
                const who = row.displayName || row.email;
                const what = localName({ name_zh: row.instrumentNameZh, name_en: row.instrumentNameEn }, locale);
                const dateId = `renew-${row.instrumentId}-${row.userId}`;
                return (
                  <div className="row-actions">
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="renew" />
                      <input type="hidden" name="instrumentId" value={row.instrumentId} />
                      <input type="hidden" name="userId" value={row.userId} />
                      <input type="hidden" name="note" value={row.note} />
                      <label htmlFor={dateId} className="visually-hidden">
                        {t("labAuth.renewUntil", { name: who, instrument: what })}
                      </label>
                      <input id={dateId} type="date" name="expiresOn" min={today} defaultValue={addDays(today, 365)} required />
                      <button type="submit" className="button button--secondary">
                        {t("labAuth.renew")}
                      </button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="instrumentId" value={row.instrumentId} />
                      <input type="hidden" name="userId" value={row.userId} />
                      <button type="submit" className="button button--danger" aria-label={t("labAuth.revokeFor", { name: who, instrument: what })}>
                        {t("labAuth.revoke")}
                      </button>
                    </Form>
                  </div>
                );
              },
            },
          ]}
        />
      )}

      <section className="panel" aria-labelledby="grant-title">
        <h2 id="grant-title">{t("labAuth.grant.title")}</h2>
        <p className="muted">{t("labAuth.grant.intro")}</p>
        <FormErrors form={form} />
        <Form method="post" {...getFormProps(form)} className="form">
          <input type="hidden" name="intent" value="grant" />
          <Field meta={fields.email} label="labAuth.grant.email" type="email" autoComplete="off" hint={t("labAuth.grant.emailHint")} />
          <SelectField
            meta={fields.requester}
            label="labAuth.grant.requester"
            options={[
              { value: "", label: t("labAuth.grant.requesterNone") },
              ...requesters.map((r) => ({
                value: r.userId,
                label: [r.displayName || r.email, r.organisationNameZh ? localName({ name_zh: r.organisationNameZh, name_en: r.organisationNameEn }, locale) : null, r.email]
                  .filter(Boolean)
                  .join(" · "),
              })),
            ]}
          />
          <fieldset
            className={fields.instruments.errors?.length ? "field field--invalid fieldset" : "field fieldset"}
            aria-describedby={fields.instruments.errors?.length ? fields.instruments.errorId : undefined}
          >
            <legend>{t("labAuth.grant.instruments")}</legend>
            <div className="checkbox-list">
              {instruments.map((instrument) => {
                const { key, ...control } = getInputProps(fields.instruments, { type: "checkbox", value: instrument.id, ariaAttributes: false });
                return (
                  <label key={key ?? instrument.id} className="choice">
                    <input {...control} id={`instrument-${instrument.id}`} />
                    {localName(instrument, locale)}
                    {instrument.requires_authorisation ? <span className="choice__note"> — {t("labAuth.grant.needsAuthorisation")}</span> : null}
                  </label>
                );
              })}
            </div>
            <ErrorList id={fields.instruments.errorId} issues={fields.instruments.errors} />
          </fieldset>
          <Field meta={fields.expiresOn} label="labAuth.grant.expiresOn" type="text" inputMode="numeric" placeholder="YYYY-MM-DD" hint={t("labAuth.grant.expiresHint")} />
          <TextArea meta={fields.note} label="labAuth.grant.note" />
          <SubmitButton>{t("labAuth.grant.submit")}</SubmitButton>
        </Form>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
