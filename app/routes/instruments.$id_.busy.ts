// Busy intervals of an instrument as JSON for the week calendar: live bookings (flagged `mine` for
// the caller's own) and closures, never who booked. GET /instruments/:id/busy?from=…&to=…
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { getUser } from "~/lib/auth/auth.server";
import { mapBookingError } from "~/lib/bookings/errors";
import { jsonWithHeaders } from "~/lib/platform/http.server";
import { getBusy, instrumentIdSchema } from "~/lib/instruments/instrument.server";

const querySchema = z.object({
  id: instrumentIdSchema,
  from: z.string().min(1).max(40).pipe(z.coerce.date()),
  to: z.string().min(1).max(40).pipe(z.coerce.date()),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = querySchema.safeParse({ id: params.id, from: url.searchParams.get("from"), to: url.searchParams.get("to") });
  if (!parsed.success) {
    return json({ error: "BOOKING_INVALID_INPUT" }, { status: 400 });
  }
  const { supabase, headers } = await getUser(request);
  const result = await getBusy(supabase, parsed.data.id, parsed.data.from, parsed.data.to);
  if (!result.ok) {
    const mapped = mapBookingError(result.error);
    if (mapped.status >= 500) console.error("instrument_busy:", result.error);
    return jsonWithHeaders({ error: mapped.code ?? "unknown" }, headers, { status: mapped.status });
  }
  headers.set("Cache-Control", "private, no-store");
  return jsonWithHeaders({ busy: result.busy }, headers);
}
