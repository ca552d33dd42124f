import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { FormAlert, FormErrors, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { BookingDetails, BookingTimeline } from "~/components/bookings/booking-details";
import { StatusBadge } from "~/components/ui/status-badge";
import { requireUser } from "~/lib/auth/auth.server";
import { bookingActions, cancelBooking, getBooking } from "~/lib/bookings/bookings.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import type { MessageKey } from "~/lib/i18n/translate";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { cancelBookingSchema, REASON_MAX } from "~/lib/bookings/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { RatingSection } from "~/components/ratings/rating-form";
import { getBookingRatingState, rateBooking } from "~/lib/ratings/ratings.server";
import { ratingSchema } from "~/lib/ratings/schemas";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "booking.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const booking = await getBooking(supabase, params.id ?? "");
  if (!booking) throw new Response("Not found", { status: 404, headers });
  // The database's own rule (booking_actions): the requester's cancellation, not the lab's.
  const [actionMap, rating] = await Promise.all([bookingActions(supabase, [booking.id]), getBookingRatingState(supabase, booking.id)]);
  const actions = actionMap.get(booking.id);
  return json({ booking, cancellable: actions?.canCancel === true && actions.cancelAs === "requester", rating }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const id = params.id ?? "";
  const formData = await request.formData();
  if (formData.get("intent") === "rate") {
    const rating = parseSubmission(ratingSchema, formData);
    if (rating.status !== "success") return json({ intent: "rate" as const, result: replyTo(rating) }, { status: 400, headers });
    const rated = await rateBooking(supabase, id, rating.value);
    if (!rated.ok) {
      const { field, message, status } = rated.error;
      return json({ intent: "rate" as const, result: replyTo(rating, { field, message }) }, { status, headers });
    }
    return redirectWithHeaders(`/bookings/${id}?notice=rated#rate`, headers);
  }
  const submission = parseSubmission(cancelBookingSchema, formData);
  if (submission.status !== "success") return json({ intent: "cancel" as const, result: replyTo(submission) }, { status: 400, headers });
  const result = await cancelBooking(supabase, id, submission.value.reason);
  if (!result.ok) {
    const { field, message, status } = result.error;
    return json(
      { intent: "cancel" as const, result: replyTo(submission, { field: field === "reason" ? "reason" : "form", message }) },
      { status, headers },
    );
  }
  return redirectWithHeaders(`/bookings/${id}?notice=cancelled`, headers);
}

const NOTICES: Record<string, MessageKey> = {
  pending: "booking.notice.pending",
  confirmed: "booking.notice.confirmed",
  cancelled: "booking.notice.cancelled",
  rated: "rating.notice.rated",
};

export default function BookingPage() {
  const t = useT();
  const { booking, cancellable, rating } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(cancelBookingSchema, data?.intent === "cancel" ? data.result : undefined);
  const noticeKey = searchParams.get("notice");
  const notice =
    data === undefined && noticeKey && (noticeKey === booking.status || (noticeKey === "rated" && rating.rating)) ? NOTICES[noticeKey] : undefined;
  const instrument = booking.instrument;

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

      <BookingDetails booking={booking} />
      <BookingTimeline events={booking.booking_events} />
      <RatingSection {...rating} lastResult={data?.intent === "rate" ? data.result : undefined} />

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
