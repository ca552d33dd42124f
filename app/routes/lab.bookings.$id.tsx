// One booking as its lab sees it: the request's details, the decision (approve, or reject with a
// reason) while it is pending, and the recorded use (completed with the actual start and end, the
// booked times by default, or a no-show) once it has started. Each change is one engine function.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { useState } from "react";
import { Organisation } from "~/components/labs/lab-parts";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Facts } from "~/components/ui/facts";
import { Field, FormAlert, FormErrors, RadioGroup, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { StatusBadge } from "~/components/ui/status-badge";
import { REASON_MAX } from "~/lib/bookings/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDuration, formatPrice, formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { asInputError, decideBookings, getLabBooking, recordUse } from "~/lib/labs/bookings.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { decisionSchema, recordUseSchema } from "~/lib/labs/schemas";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { toLocalMinute } from "~/lib/time/shanghai";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.booking.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireCurrentLab(request);
  const booking = await getLabBooking(supabase, params.id ?? "");
  if (!booking) throw new Response("Not found", { status: 404, headers });
  return json({ booking }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireCurrentLab(request);
  const id = params.id ?? "";
  const formData = await request.formData();
  if (formData.get("form") === "record") {
    const submission = parseSubmission(recordUseSchema, formData);
    if (submission.status !== "success") return json({ record: replyTo(submission) }, { status: 400, headers });
    const result = await recordUse(supabase, id, submission.value);
    if (!result.ok) {
      const error = asInputError(result.error);
      const field = error.code === "BOOKING_INVALID_RANGE" ? "actualEnd" : error.code === "BOOKING_INVALID_INPUT" ? "actualStart" : "form";
      return json({ record: replyTo(submission, { field, message: error.message }) }, { status: error.status, headers });
    }
    return redirectWithHeaders(`/lab/bookings/${id}?notice=${result.value}`, headers);
  }
  formData.set("ids", id);
  const submission = parseSubmission(decisionSchema, formData);
  if (submission.status !== "success") return json({ decide: replyTo(submission) }, { status: 400, headers });
  const result = await decideBookings(supabase, [id], submission.value.intent === "approve", submission.value.reason ?? null);
  const error = result.ok ? result.value[0]?.error : result.error;
  if (error) {
    const mapped = asInputError(error);
    return json({ decide: replyTo(submission, { field: mapped.field === "reason" ? "reason" : "form", message: mapped.message }) }, { status: mapped.status, headers });
  }
  return redirectWithHeaders(`/lab/bookings/${id}?notice=${submission.value.intent === "approve" ? "confirmed" : "rejected"}`, headers);
}

const NOTICES: Record<string, MessageKey> = {
  confirmed: "lab.notice.confirmed",
  rejected: "lab.notice.rejectedOne",
  completed: "lab.notice.completed",
  no_show: "lab.notice.no_show",
};

export default function LabBookingPage() {
  const t = useT();
  const locale = useLocale();
  const { booking } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [decideForm, decideFields] = useConformForm(decisionSchema, data && "decide" in data ? data.decide : undefined);
  const [recordForm, recordFields] = useConformForm(recordUseSchema, data && "record" in data ? data.record : undefined, {
    defaultValue: { outcome: "completed", actualStart: toLocalMinute(booking.starts_at), actualEnd: toLocalMinute(booking.ends_at) },
  });
  const [outcome, setOutcome] = useState<string>("completed");
  const noticeKey = searchParams.get("notice");
  const notice = !data && noticeKey && noticeKey === booking.status ? NOTICES[noticeKey] : undefined;
  const instrument = localName({ name_zh: booking.instrument_name_zh, name_en: booking.instrument_name_en }, locale);

  return (
    <div className="page-wide">
      <p className="breadcrumb">
        <Link to="/lab/requests">← {t("lab.booking.back")}</Link>
      </p>
      <header className="page-header booking-header">
        <h1>{t("lab.booking.title")}</h1>
        <p>
          {t("lab.col.status")}: <StatusBadge status={booking.status} />
        </p>
      </header>
      <FormAlert message={notice} tone="success" />

      <section className="panel">
        <Facts
          facts={[
            { label: t("lab.col.instrument"), value: instrument },
            { label: t("lab.col.time"), value: `${formatRange(booking.starts_at, booking.ends_at, locale)} (${formatDuration(booking.minutes, t)})` },
            { label: t("lab.booking.requester"), value: booking.requester_name },
            { label: t("lab.booking.email"), value: booking.requester_email },
            { label: t("lab.booking.phone"), value: booking.contact_phone },
            { label: t("lab.col.organisation"), value: <Organisation row={booking} /> },
            { label: t("lab.col.mode"), value: t(`mode.${booking.service_mode}`) },
            { label: t("lab.col.purpose"), value: booking.purpose },
            { label: t("lab.col.sample"), value: booking.sample_description || null },
            { label: t("lab.booking.rate"), value: formatPrice(Number(booking.rate_cny), locale) },
            { label: t("lab.col.cost"), value: formatPrice(Number(booking.estimated_cost_cny), locale) },
            booking.actual_starts_at && booking.actual_ends_at && booking.actual_minutes !== null
              ? {
                  label: t("lab.booking.actual"),
                  value: t("lab.booking.actualValue", {
                    range: formatRange(booking.actual_starts_at, booking.actual_ends_at, locale),
                    duration: formatDuration(booking.actual_minutes, t),
                  }),
                }
              : booking.actual_minutes !== null
                ? { label: t("lab.booking.actual"), value: formatDuration(booking.actual_minutes, t) }
                : null,
            booking.decision_reason ? { label: t("lab.booking.decision"), value: booking.decision_reason } : null,
          ]}
        />
      </section>

      {booking.status === "pending" ? (
        <section className="panel" aria-labelledby="decide-title">
          <h2 id="decide-title">{t("lab.booking.decide.title")}</h2>
          {booking.expired ? (
            <p className="alert alert--info" role="status">
              {t("lab.booking.expired")}
            </p>
          ) : null}
          <FormErrors form={decideForm} />
          <Form method="post" {...getFormProps(decideForm)} className="form">
            <TextArea meta={decideFields.reason} label="lab.requests.reason" hint={t("lab.requests.reason.hint", { max: REASON_MAX })} />
            <div className="form-actions">
              {booking.can_approve ? (
                <button type="submit" name="intent" value="approve" className="button button--primary">
                  {t("lab.booking.approve")}
                </button>
              ) : null}
              <button type="submit" name="intent" value="reject" className="button button--danger">
                {t("lab.booking.reject")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {booking.can_complete ? (
        <section className="panel" aria-labelledby="record-title">
          <h2 id="record-title">{t("lab.booking.record.title")}</h2>
          <FormErrors form={recordForm} />
          <Form method="post" {...getFormProps(recordForm)} className="form" onChange={(e) => {
            const target = e.target as HTMLInputElement;
            if (target.name === "outcome") setOutcome(target.value);
          }}>
            <input type="hidden" name="form" value="record" />
            <RadioGroup
              meta={recordFields.outcome}
              legend="lab.booking.outcome"
              options={[
                { value: "completed", label: t("lab.booking.outcome.completed") },
                { value: "no_show", label: t("lab.booking.outcome.no_show") },
              ]}
            />
            <p className="muted">{t("lab.booking.record.hint")}</p>
            <Field meta={recordFields.actualStart} label="lab.booking.actualStart" type="datetime-local" disabled={outcome === "no_show"} />
            <Field meta={recordFields.actualEnd} label="lab.booking.actualEnd" type="datetime-local" disabled={outcome === "no_show"} />
            <SubmitButton>{t("lab.booking.record.submit")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
