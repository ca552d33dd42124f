// The lab's instruments: every one with its status, photo and hours, and the actions the caller's
// role allows (maintenance and back for all staff; retire and reinstate for managers). Retiring an
// instrument with live bookings ahead is refused by the database, which names them; the page lists
// them and offers to cancel them with a reason (each requester e-mailed) and retire in one step.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { StrandedBookings } from "~/components/lab/stranded-bookings";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert } from "~/components/ui/forms";
import { formatPrice, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { text } from "~/lib/forms/fields";
import type { StrandedBooking } from "~/lib/instruments/hours";
import { getStrandedBookings } from "~/lib/instruments/hours.server";
import { listLabInstruments, retireInstrument, setInstrumentStatus, type LabInstrumentRow } from "~/lib/instruments/lab-instruments.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { INSTRUMENT_STATUSES } from "~/lib/platform/enums";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labInstruments.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const instruments = await listLabInstruments(supabase, lab.id);
  const params = new URL(request.url).searchParams;
  const retired = params.get("retired");
  return json(
    {
      instruments,
      manager: lab.role === "manager",
      saved: params.get("saved") === "1",
      retired: retired !== null && /^\d{1,4}$/.test(retired) ? Number(retired) : null,
    },
    { headers },
  );
}

const statusSchema = z.object({ id: z.string().uuid(), status: z.enum(INSTRUMENT_STATUSES) });
const cancelSchema = z.object({
  cancel: z.array(z.string().uuid()).max(500),
  reason: text().max(1000).optional(),
});

interface ActionData {
  message: MessageKey | null;
  retire: { id: string; stranded: StrandedBooking[]; reasonError: MessageKey | null } | null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, lab, user } = await requireCurrentLab(request);
  const form = await request.formData();
  const parsed = statusSchema.safeParse({ id: form.get("id"), status: form.get("status") });
  if (!parsed.success) return json<ActionData>({ message: "validation.invalid", retire: null }, { status: 400, headers });
  const { id, status } = parsed.data;
  if (status !== "retired") {
    const result = await setInstrumentStatus(supabase, lab.id, id, status);
    if (!result.ok) return json<ActionData>({ message: result.message, retire: null }, { status: result.status, headers });
    return redirectWithHeaders("/lab/instruments?saved=1", headers);
  }
  // Retiring: refused with the live bookings listed; sent again with them and a reason, they are
  // cancelled (each requester e-mailed) and the instrument retired in one transaction.
  const cancel = cancelSchema.safeParse({ cancel: form.getAll("cancel").map(String), reason: form.get("reason") ?? undefined });
  const bookingIds = cancel.success ? cancel.data.cancel : form.getAll("cancel").map(String).filter((v) => /^[0-9a-f-]{36}$/.test(v));
  const listAgain = async (reasonError: MessageKey) =>
    json<ActionData>({ message: null, retire: { id, stranded: await getStrandedBookings(supabase, bookingIds.slice(0, 500)), reasonError } }, { status: 400, headers });
  if (!cancel.success) return listAgain("validation.controlCharacters");
  const result = await retireInstrument(supabase, user.id, id, { bookingIds, reason: cancel.data.reason || null });
  if (!result.ok) {
    if (result.stranded) return json<ActionData>({ message: null, retire: { id, stranded: result.stranded, reasonError: null } }, { status: 409, headers });
    if (result.field === "reason") return listAgain(result.message);
    return json<ActionData>({ message: result.message, retire: null }, { status: result.status, headers });
  }
  return redirectWithHeaders(`/lab/instruments?retired=${result.cancelled}`, headers);
}

function StatusActions({ row, manager }: { row: LabInstrumentRow; manager: boolean }) {
  const t = useT();
  const next: { status: LabInstrumentRow["status"]; label: MessageKey }[] =
    row.status === "active"
      ? [{ status: "maintenance", label: "labInstruments.action.maintenance" }, ...(manager ? [{ status: "retired" as const, label: "labInstruments.action.retire" as const }] : [])]
      : row.status === "maintenance"
        ? [{ status: "active", label: "labInstruments.action.activate" }, ...(manager ? [{ status: "retired" as const, label: "labInstruments.action.retire" as const }] : [])]
        : manager
          ? [{ status: "active", label: "labInstruments.action.reinstate" }]
          : [];
  return (
    <div className="row-actions">
      {next.map((option) => (
        <Form method="post" key={option.status}>
          <input type="hidden" name="id" value={row.id} />
          <input type="hidden" name="status" value={option.status} />
          <button type="submit" className="button button--secondary button--small" aria-label={`${t(option.label)}: ${row.name_zh}`}>
            {t(option.label)}
          </button>
        </Form>
      ))}
    </div>
  );
}

export default function LabInstruments() {
  const t = useT();
  const locale = useLocale();
  const { instruments, manager, saved, retired } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const retireId = data?.retire?.id;
  const retiring = retireId ? instruments.find((row) => row.id === retireId) : undefined;
  return (
    <div>
      <header className="page-header page-header--actions">
        <div>
          <h1>{t("labInstruments.title")}</h1>
          <p className="muted">{t("labInstruments.intro")}</p>
        </div>
        {manager ? (
          <Link to="/lab/instruments/new" className="button button--primary">
            {t("labInstruments.new")}
          </Link>
        ) : null}
      </header>
      <FormAlert message={data?.message} />
      <FormAlert message={saved && !data ? "labInstruments.saved" : null} tone="success" />
      {retired !== null && !data ? (
        <div className="alert alert--success" role="status">
          {retired > 0 ? t("labInstruments.retiredCancelled", { n: retired }) : t("labInstruments.retired")}
        </div>
      ) : null}
      {data?.retire && data.retire.stranded.length > 0 ? (
        <StrandedBookings
          bookings={data.retire.stranded}
          hidden={[
            ["id", data.retire.id],
            ["status", "retired"],
          ]}
          texts={{
            title: "labInstruments.retire.title",
            intro: "labInstruments.retire.intro",
            reason: "labInstruments.retire.reason",
            submit: "labInstruments.retire.submit",
          }}
          titleVars={{ name: retiring ? localName(retiring, locale) : "" }}
          reasonError={data.retire.reasonError ?? undefined}
        />
      ) : null}
      {instruments.length === 0 ? (
        <p className="empty-state">{t("labInstruments.empty")}</p>
      ) : (
        <DataTable
          caption={t("labInstruments.title")}
          rows={instruments}
          rowKey={(row) => row.id}
          columns={[
            {
              id: "photo",
              header: t("labInstruments.col.photo"),
              cell: (row) =>
                row.photo ? (
                  <img className="thumb" src={row.photo} alt={t("labInstruments.photoOf", { name: localName(row, locale) })} width={64} height={48} loading="lazy" />
                ) : (
                  <span className="muted">{t("labInstruments.noPhoto")}</span>
                ),
            },
            {
              id: "name",
              title: true,
              header: t("labInstruments.col.name"),
              cell: (row) => (
                <>
                  <Link to={`/lab/instruments/${row.id}/edit`}>{localName(row, locale)}</Link>
                  <br />
                  <span className="muted">{[row.manufacturer, row.model].filter(Boolean).join(" ")}</span>
                </>
              ),
            },
            { id: "category", header: t("labInstruments.col.category"), cell: (row) => (row.category ? localName(row.category, locale) : "—") },
            {
              id: "status",
              header: t("labInstruments.col.status"),
              cell: (row) => <span className={`tag tag--status-${row.status}`}>{t(`labInstruments.status.${row.status}`)}</span>,
            },
            {
              id: "rates",
              header: t("labInstruments.col.rates"),
              cell: (row) => `${formatPrice(row.sme_rate_cny, locale)} / ${formatPrice(row.hourly_rate_cny, locale)}`,
            },
            {
              id: "hours",
              header: t("labInstruments.col.hours"),
              cell: (row) => (
                <Link to={`/lab/instruments/${row.id}/hours`}>
                  {row.rules > 0 ? t("labInstruments.hoursSet", { n: row.rules }) : t("labInstruments.hoursNone")}
                </Link>
              ),
            },
            {
              id: "actions",
              header: t("labInstruments.col.actions"),
              cell: (row) => (
                <>
                  <p className="row-links">
                    <Link to={`/lab/instruments/${row.id}/photo`}>{t("labInstruments.photo")}</Link>
                    {row.status !== "retired" ? (
                      <>
                        {" · "}
                        <Link to={`/instruments/${row.id}`}>{t("labInstruments.publicPage")}</Link>
                      </>
                    ) : null}
                  </p>
                  <StatusActions row={row} manager={manager} />
                </>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
