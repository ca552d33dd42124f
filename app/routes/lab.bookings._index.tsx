// Bookings awaiting their recorded use: confirmed, past their end, not yet recorded. Tick several
// and record them "as booked" (complete_bookings_as_booked, which calls complete_booking for each),
// or open one to record the actual times or a no-show.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { BatchFailures, Organisation, useDescribeBooking, type BatchFailure } from "~/components/labs/lab-parts";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert, FormErrors, useConformForm } from "~/components/ui/forms";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDuration, formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { asInputError, listToRecord, recordAsBooked } from "~/lib/labs/bookings.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { asBookedSchema } from "~/lib/labs/schemas";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.bookings.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const bookings = await listToRecord(supabase, lab.id);
  return json({ bookings }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireCurrentLab(request);
  const submission = parseSubmission(asBookedSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission), failures: [] as BatchFailure[], done: 0 }, { status: 400, headers });
  const result = await recordAsBooked(supabase, submission.value.ids);
  if (!result.ok) {
    const error = asInputError(result.error);
    return json({ result: replyTo(submission, { field: "form", message: error.message }), failures: [] as BatchFailure[], done: 0 }, { status: error.status, headers });
  }
  const failures: BatchFailure[] = result.value.flatMap((o) => (o.error ? [{ id: o.id, message: o.error.message }] : []));
  const done = result.value.length - failures.length;
  if (failures.length > 0) return json({ result: replyTo(submission), failures, done }, { status: 400, headers });
  return redirectWithHeaders(`/lab/bookings?recorded=${done}`, headers);
}

export default function LabBookingsToRecord() {
  const t = useT();
  const locale = useLocale();
  const describe = useDescribeBooking();
  const { bookings } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(asBookedSchema, data?.result);
  const recorded = data ? (data.done ?? 0) : Number(searchParams.get("recorded") ?? 0);
  const byId = new Map(bookings.map((b) => [b.id, b]));
  return (
    <div>
      <header className="page-header">
        <h1>{t("lab.bookings.title")}</h1>
        <p className="muted">{t("lab.bookings.intro")}</p>
      </header>
      {recorded > 0 ? (
        <p className="alert alert--success" role="status">
          {t("lab.notice.recorded", { count: recorded })}
        </p>
      ) : null}
      <BatchFailures failures={data?.failures} describe={(id) => (byId.has(id) ? describe(byId.get(id)!) : null)} />
      <FormErrors form={form} />
      {bookings.length === 0 ? (
        <p className="muted">{t("lab.bookings.empty")}</p>
      ) : (
        <Form method="post" {...getFormProps(form)} className="form">
          {fields.ids.errors?.length ? <FormAlert id={fields.ids.errorId} message={fields.ids.errors[0].message} /> : null}
          <div className="table-wrap">
            <table className="table table--cards">
              <caption className="visually-hidden">{t("lab.bookings.title")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("lab.col.select")}</th>
                  <th scope="col">{t("lab.col.instrument")}</th>
                  <th scope="col">{t("lab.col.time")}</th>
                  <th scope="col">{t("lab.col.organisation")}</th>
                  <th scope="col">{t("lab.col.mode")}</th>
                  <th scope="col">{t("lab.col.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {bookings.map((b) => {
                  const instrument = localName({ name_zh: b.instrument_name_zh, name_en: b.instrument_name_en }, locale);
                  const time = formatRange(b.starts_at, b.ends_at, locale);
                  return (
                    <tr key={b.id}>
                      <td data-label={t("lab.col.select")}>
                        <input type="checkbox" name="ids" value={b.id} className="row-check" aria-label={t("lab.bookings.selectLabel", { instrument, time })} />
                      </td>
                      <td className="table__title">{instrument}</td>
                      <td data-label={t("lab.col.time")}>
                        {time} <span className="muted">({formatDuration(b.minutes, t)})</span>
                      </td>
                      <td data-label={t("lab.col.organisation")}>
                        {b.requester_name} · <Organisation row={b} />
                      </td>
                      <td data-label={t("lab.col.mode")}>{t(`mode.${b.service_mode}`)}</td>
                      <td data-label={t("lab.col.actions")}>
                        <Link to={`/lab/bookings/${b.id}`} aria-label={`${t("lab.bookings.record")}: ${instrument} ${time}`}>
                          {t("lab.bookings.record")}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              {t("lab.bookings.asBooked")}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
