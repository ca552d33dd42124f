import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { FormAlert, FormErrors, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { StatusBadge } from "~/components/ui/status-badge";
import { requireUser } from "~/lib/auth/auth.server";
import { cancelBooking, canCancel, getBooking } from "~/lib/bookings/bookings.server";
import { formatDateTime, formatPrice, formatRange, localName } from "~/lib/i18n/format";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import type { MessageKey } from "~/lib/i18n/translate";
import { useLocale, useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { cancelBookingSchema, REASON_MAX } from "~/lib/bookings/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "booking.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const booking = await getBooking(supabase, params.id ?? "");
  if (!booking) throw new Response("Not found", { status: 404, headers });
  const mine = booking.requester_id === user.id;
  return json({ booking, cancellable: mine && canCancel(booking) }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const id = params.id ?? "";
  const submission = parseSubmission(cancelBookingSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await cancelBooking(supabase, id, submission.value.reason);
  if (!result.ok) {
    const { field, message, status } = result.error;
    return json({ result: replyTo(submission, { field: field === "reason" ? "reason" : "form", message }) }, { status, headers });
  }
  return redirectWithHeaders(`/bookings/${id}?notice=cancelled`, headers);
}

const NOTICES: Record<string, MessageKey> = {
  pending: "booking.notice.pending",
  confirmed: "booking.notice.confirmed",
  cancelled: "booking.notice.cancelled",
};

export default function BookingPage() {
  const t = useT();
  const locale = useLocale();
  const { booking, cancellable } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(cancelBookingSchema, data?.result);
  const noticeKey = searchParams.get("notice");
  const notice = data === undefined && noticeKey && noticeKey === booking.status ? NOTICES[noticeKey] : undefined;
  const instrument = booking.instrument;
  const lab = instrument?.lab;
  const en = locale === "en";

  return (
    <div className="page-narrow page-wide">
      <p className="breadcrumb">
        <Link to="/bookings">← {t("booking.back")}</Link>
      </p>
      <header className="page-header booking-header">
        <h1>{t("booking.title")}</h1>
        <p>
          {t("booking.status")}: <StatusBadge status={booking.status} />
        </p>
      </header>
      <FormAlert message={notice} tone="success" />

      <section className="panel" aria-label={t("booking.title")}>
        <dl className="facts">
          <div>
            <dt>{t("booking.instrument")}</dt>
            <dd>
              {instrument ? <Link to={`/instruments/${instrument.id}`}>{localName(instrument, locale)}</Link> : "—"}
              {instrument?.model ? <span className="muted"> · {[instrument.manufacturer, instrument.model].filter(Boolean).join(" ")}</span> : null}
            </dd>
          </div>
          <div>
            <dt>{t("booking.time")}</dt>
            <dd>{formatRange(booking.startsAt, booking.endsAt, locale)}</dd>
          </div>
          <div>
            <dt>{t("booking.serviceMode")}</dt>
            <dd>{t(`mode.${booking.service_mode}`)}</dd>
          </div>
          <div>
            <dt>{t("booking.purpose")}</dt>
            <dd className="prose">{booking.purpose}</dd>
          </div>
          {booking.sample_description ? (
            <div>
              <dt>{t("booking.sampleDescription")}</dt>
              <dd className="prose">{booking.sample_description}</dd>
            </div>
          ) : null}
          {booking.contact_phone ? (
            <div>
              <dt>{t("booking.contactPhone")}</dt>
              <dd>{booking.contact_phone}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t("booking.rate")}</dt>
            <dd>{t("price.perHour", { price: formatPrice(Number(booking.rate_cny), locale) })}</dd>
          </div>
          <div>
            <dt>{t("booking.cost")}</dt>
            <dd>{formatPrice(Number(booking.estimated_cost_cny), locale)}</dd>
          </div>
          {booking.decision_reason ? (
            <div>
              <dt>{t("booking.decisionReason")}</dt>
              <dd className="prose">{booking.decision_reason}</dd>
            </div>
          ) : null}
          {booking.cancel_reason ? (
            <div>
              <dt>{t("booking.cancelReason")}</dt>
              <dd className="prose">{booking.cancel_reason}</dd>
            </div>
          ) : null}
          {lab ? (
            <div>
              <dt>{t("booking.lab")}</dt>
              <dd>
                {localName(lab, locale)}
                <br />
                <span className="muted">{(en && lab.address_en) || lab.address_zh}</span>
                {lab.contact_phone || lab.contact_email ? (
                  <>
                    <br />
                    <span className="muted">
                      {[lab.contact_name, lab.contact_phone, lab.contact_email].filter(Boolean).join(" · ")}
                    </span>
                  </>
                ) : null}
              </dd>
            </div>
          ) : null}
        </dl>
        <p className="actions">
          <a href={`/bookings/${booking.id}/ics`} className="button button--secondary" download>
            {t("booking.ics")}
          </a>
          {instrument ? (
            <Link to={`/instruments/${instrument.id}`} className="button button--ghost">
              {t("booking.viewInstrument")}
            </Link>
          ) : null}
        </p>
      </section>

      <section className="panel" aria-labelledby="timeline-title">
        <h2 id="timeline-title">{t("booking.timeline")}</h2>
        <ol className="timeline">
          {booking.booking_events.map((event) => (
            <li key={event.id}>
              <time dateTime={event.created_at}>{formatDateTime(event.created_at, locale)}</time>
              <span>
                {event.from_status
                  ? t("booking.event.changed", { from: t(`status.${event.from_status}`), to: t(`status.${event.to_status}`) })
                  : t("booking.event.requested", { status: t(`status.${event.to_status}`) })}
              </span>
              {event.note ? <span className="muted"> — {event.note}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      {booking.status === "pending" || booking.status === "confirmed" ? (
        <section className="panel" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t("booking.cancel.title")}</h2>
          <FormErrors form={form} />
          {cancellable ? (
            <Form method="post" {...getFormProps(form)} className="form">
              <TextArea meta={fields.reason} label="booking.cancel.reason" hint={t("booking.cancel.reason.hint", { max: REASON_MAX })} />
              <SubmitButton className="button button--danger">{t("booking.cancel.submit")}</SubmitButton>
            </Form>
          ) : (
            <p className="muted">{t("booking.cancel.deadlinePassed", { hours: instrument?.cancellation_deadline_hours ?? 0 })}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
