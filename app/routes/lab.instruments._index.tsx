// The lab's instruments: every one with its status, photo and hours, and the actions the caller's
// role allows (maintenance and back for all staff; retire and reinstate for managers).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert } from "~/components/ui/forms";
import { formatPrice, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { listLabInstruments, setInstrumentStatus, type LabInstrumentRow } from "~/lib/instruments/lab-instruments.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { INSTRUMENT_STATUSES } from "~/lib/platform/enums";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labInstruments.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const instruments = await listLabInstruments(supabase, lab.id);
  const saved = new URL(request.url).searchParams.get("saved");
  return json({ instruments, manager: lab.role === "manager", saved: saved === "1" }, { headers });
}

const statusSchema = z.object({ id: z.string().uuid(), status: z.enum(INSTRUMENT_STATUSES) });

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const parsed = statusSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ message: "validation.invalid" as MessageKey }, { status: 400, headers });
  const result = await setInstrumentStatus(supabase, lab.id, parsed.data.id, parsed.data.status);
  if (!result.ok) return json({ message: result.message }, { status: result.status, headers });
  return redirectWithHeaders("/lab/instruments?saved=1", headers);
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
  const { instruments, manager, saved } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
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
