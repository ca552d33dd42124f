import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { BookingForm } from "~/components/bookings/booking-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireUser } from "~/lib/auth/auth.server";
import { loadBookingForm } from "~/lib/bookings/booking-form.server";
import { requestBooking } from "~/lib/bookings/bookings.server";
import { bookingRequestSchema } from "~/lib/bookings/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "book.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const form = await loadBookingForm(supabase, user.id, params.id ?? "", new URL(request.url).searchParams);
  if (!form) throw new Response("Not found", { status: 404, headers });
  return json(form, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const submission = parseSubmission(bookingRequestSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await requestBooking(supabase, params.id ?? "", submission.value);
  if (!result.ok) {
    // Every engine code has its field (or the whole form) and a translated message.
    const { status, ...error } = result.error;
    return json({ result: replyTo(submission, error) }, { status, headers });
  }
  return redirectWithHeaders(`/bookings/${result.value.id}?notice=${result.value.status}`, headers);
}

export default function BookInstrument() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return <BookingForm data={data} result={reply?.result} />;
}

export { GeneralErrorBoundary as ErrorBoundary };
