import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BookingTable } from "~/components/bookings/booking-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Pagination } from "~/components/ui/pagination";
import { requireUser } from "~/lib/auth/auth.server";
import { listMyBookings, pastPageParam } from "~/lib/bookings/bookings.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bookings.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const page = pastPageParam(new URL(request.url).searchParams);
  const bookings = await listMyBookings(supabase, user.id, page);
  // Past the last page of history (an old link): go to the last page.
  if (page > bookings.pastPages) throw redirect(`/bookings?past=${bookings.pastPages}`, { headers });
  return json(bookings, { headers });
}

export default function MyBookings() {
  const t = useT();
  const { upcoming, past, pastTotal, pastPage, pastPages } = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("bookings.title")}</h1>
      </header>
      <BookingTable titleKey="bookings.upcoming" emptyKey="bookings.empty.upcoming" rows={upcoming} id="upcoming" total={upcoming.length} />
      <BookingTable titleKey="bookings.past" emptyKey="bookings.empty.past" rows={past} id="past" total={pastTotal}>
        <Pagination page={pastPage} pages={pastPages} href={(page) => `/bookings?past=${page}#past-title`} />
      </BookingTable>
      <p>
        <Link to="/instruments" className="button button--secondary">
          {t("bookings.browse")}
        </Link>
      </p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
