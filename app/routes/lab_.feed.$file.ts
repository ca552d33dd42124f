// /lab/feed/<token>.ics: a staff member's private calendar subscription of their lab's pending and
// confirmed bookings (no session: the random token is the credential; see app/lib/labs/feed.server.ts).
// Unknown, reset or orphaned tokens answer 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { bookingIcsContentType } from "~/lib/bookings/ics";
import { labFeedIcs } from "~/lib/labs/feed.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  const token = file.endsWith(".ics") ? file.slice(0, -".ics".length) : "";
  const ics = token ? await labFeedIcs(token) : null;
  const headers = new Headers({ "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer" });
  if (!ics) return new Response("Not found", { status: 404, headers });
  headers.set("Content-Type", bookingIcsContentType("PUBLISH"));
  headers.set("Content-Disposition", 'inline; filename="lab.ics"');
  return new Response(ics, { status: 200, headers });
}
