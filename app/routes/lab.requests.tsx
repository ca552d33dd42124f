// The request queue: every pending request of the current lab, oldest first. Approve one (its own
// small form), or tick several and approve or reject them with a reason (the bulk form below the
// table; the checkboxes belong to it through their `form` attribute). Each decision goes through
// decide_booking (decide_bookings), which audits it and queues the requester's e-mail.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { Authorisation, BatchFailures, Organisation, useDescribeBooking, type BatchFailure } from "~/components/labs/lab-parts";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert, FormErrors, TextArea, useConformForm } from "~/components/ui/forms";
import { REASON_MAX } from "~/lib/bookings/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDuration, formatPrice, formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { asInputError, decideBookings, listLabRequests } from "~/lib/labs/bookings.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { decisionSchema } from "~/lib/labs/schemas";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.requests.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const requests = await listLabRequests(supabase, lab.id);
  return json({ requests, now: new Date().toISOString() }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireCurrentLab(request);
  const submission = parseSubmission(decisionSchema, await request.formData());
  const none = { failures: [] as BatchFailure[], done: 0, intent: null as string | null };
  if (submission.status !== "success") return json({ result: replyTo(submission), ...none }, { status: 400, headers });
  const { intent, ids, reason } = submission.value;
  const result = await decideBookings(supabase, ids, intent === "approve", reason ?? null);
  if (!result.ok) {
    const error = asInputError(result.error);
    return json(
      { result: replyTo(submission, { field: error.field === "reason" ? "reason" : "form", message: error.message }), ...none },
      { status: error.status, headers },
    );
  }
  const failures: BatchFailure[] = result.value.flatMap((o) => (o.error ? [{ id: o.id, message: o.error.message }] : []));
  const done = result.value.length - failures.length;
  if (failures.length > 0) {
    // Nothing was written for these; the others are decided. A user's mistake (another lab's or a
    // deleted booking, an expired slot): 400, unless the database was unavailable.
    const status = failures.length === result.value.length ? Math.max(400, ...result.value.map((o) => (o.error && o.error.status >= 500 ? o.error.status : 400))) : 400;
    return json({ result: replyTo(submission), failures, done, intent }, { status, headers });
  }
  return redirectWithHeaders(`/lab/requests?done=${intent}&n=${done}`, headers);
}

export default function LabRequests() {
  const t = useT();
  const locale = useLocale();
  const describe = useDescribeBooking();
  const { requests, now } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(decisionSchema, data?.result);
  const done = searchParams.get("done");
  const count = Number(searchParams.get("n") ?? 0);
  const notice: MessageKey | null = data ? null : done === "approve" ? "lab.notice.approved" : done === "reject" ? "lab.notice.rejected" : null;
  const partial = data?.done ? (data.intent === "approve" ? "lab.notice.approved" : "lab.notice.rejected") : null;
  const waited = (createdAt: string) => formatDuration(Math.max(0, Math.floor((Date.parse(now) - Date.parse(createdAt)) / 60_000)), t);
  const byId = new Map(requests.map((r) => [r.id, r]));

  return (
    <div>
      <header className="page-header">
        <h1>{t("lab.requests.title")}</h1>
        <p className="muted">{t("lab.requests.intro")}</p>
      </header>
      {notice ? (
        <p className="alert alert--success" role="status">
          {t(notice, { count })}
        </p>
      ) : null}
      {partial ? (
        <p className="alert alert--success" role="status">
          {t(partial, { count: data?.done ?? 0 })}
        </p>
      ) : null}
      <BatchFailures failures={data?.failures} describe={(id) => (byId.has(id) ? describe(byId.get(id)!) : null)} />
      <FormErrors form={form} />

      {requests.length === 0 ? (
        <p className="muted">{t("lab.requests.empty")}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table table--cards requests-table">
              <caption className="visually-hidden">{t("lab.requests.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("lab.col.select")}</th>
                  <th scope="col">{t("lab.col.instrument")}</th>
                  <th scope="col">{t("lab.col.time")}</th>
                  <th scope="col">{t("lab.col.requester")}</th>
                  <th scope="col">{t("lab.col.mode")}</th>
                  <th scope="col">{t("lab.col.purpose")}</th>
                  <th scope="col" className="num">
                    {t("lab.col.cost")}
                  </th>
                  <th scope="col">{t("lab.col.authorisation")}</th>
                  <th scope="col">{t("lab.col.waited")}</th>
                  <th scope="col">{t("lab.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => {
                  const instrument = localName({ name_zh: r.instrument_name_zh, name_en: r.instrument_name_en }, locale);
                  const names = { requester: r.requester_name, instrument };
                  return (
                    <tr key={r.id} data-request={r.id}>
                      <td data-label={t("lab.col.select")}>
                        <input
                          type="checkbox"
                          name="ids"
                          value={r.id}
                          form={form.id}
                          aria-label={t("lab.requests.selectLabel", names)}
                          className="row-check"
                        />
                      </td>
                      <td className="table__title">{instrument}</td>
                      <td data-label={t("lab.col.time")}>
                        {formatRange(r.starts_at, r.ends_at, locale)}
                        <br />
                        <span className="muted">
                          {t("lab.col.length")} {formatDuration(r.minutes, t)}
                        </span>
                        {r.expired ? (
                          <>
                            <br />
                            <span className="tag tag--warning">⚠ {t("lab.requests.expired")}</span>
                          </>
                        ) : null}
                      </td>
                      <td data-label={t("lab.col.requester")}>
                        {r.requester_name}
                        <br />
                        <Organisation row={r} />
                      </td>
                      <td data-label={t("lab.col.mode")}>{t(`mode.${r.service_mode}`)}</td>
                      <td data-label={t("lab.col.purpose")}>
                        <p className="clamp">{r.purpose}</p>
                        {r.sample_description ? (
                          <p className="clamp muted">
                            {t("lab.col.sample")}: {r.sample_description}
                          </p>
                        ) : null}
                      </td>
                      <td data-label={t("lab.col.cost")} className="num">
                        {formatPrice(r.estimated_cost_cny, locale)}
                      </td>
                      <td data-label={t("lab.col.authorisation")}>
                        <Authorisation row={r} />
                      </td>
                      <td data-label={t("lab.col.waited")}>{waited(r.created_at)}</td>
                      <td data-label={t("lab.col.actions")}>
                        <div className="row-actions">
                          {r.expired ? null : (
                            <Form method="post">
                              <input type="hidden" name="intent" value="approve" />
                              <input type="hidden" name="ids" value={r.id} />
                              <button type="submit" className="button button--primary button--small" aria-label={t("lab.requests.approveLabel", names)}>
                                {t("lab.requests.approve")}
                              </button>
                            </Form>
                          )}
                          <Link to={`/lab/bookings/${r.id}`}>{t("lab.requests.details")}</Link>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <section className="panel" aria-labelledby="bulk-title">
            <h2 id="bulk-title">{t("lab.requests.bulk.title")}</h2>
            <Form method="post" {...getFormProps(form)} className="form">
              {fields.ids.errors?.length ? <FormAlert id={fields.ids.errorId} message={fields.ids.errors[0].message} /> : null}
              <TextArea meta={fields.reason} label="lab.requests.reason" hint={t("lab.requests.reason.hint", { max: REASON_MAX })} />
              <div className="form-actions">
                <button type="submit" name="intent" value="approve" className="button button--primary">
                  {t("lab.requests.bulk.approve")}
                </button>
                <button type="submit" name="intent" value="reject" className="button button--danger">
                  {t("lab.requests.bulk.reject")}
                </button>
              </div>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
