// The booking as an .ics file (the same event UID as the e-mails' attachments, so calendars update
// the entry they already have).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/auth/auth.server";
import { bookingIcsContentType, bookingIcsFilename } from "~/lib/bookings/ics";
import { bookingIcs, getBooking } from "~/lib/bookings/bookings.server";
import { env } from "~/lib/platform/env.server";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { getOwnProfile } from "~/lib/account/profile.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const [booking, profile] = await Promise.all([getBooking(supabase, params.id ?? ""), getOwnProfile(supabase, user.id)]);
  if (!booking) throw new Response("Not found", { status: 404, headers });
  const ics = bookingIcs(booking, { appUrl: env.APP_URL, locale: resolveLocale(request, profile?.locale) });
  headers.set("Content-Type", bookingIcsContentType("PUBLISH"));
  headers.set("Content-Disposition", `attachment; filename="${bookingIcsFilename(booking.id)}"`);
  headers.set("Cache-Control", "private, no-store");
  return new Response(ics, { status: 200, headers });
}
