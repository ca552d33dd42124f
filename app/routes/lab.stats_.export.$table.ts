// Downloads of the current lab's statistics tables (/lab/stats/export/<table>?format=csv|xlsx and
// the page's parameters): the bureau's exports, scoped to the lab.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { createT } from "~/lib/i18n/translate";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { EXPORT_FORMATS, exportResponse, type ExportFormat } from "~/lib/stats/export.server";
import { EXPORT_TABLES, exportTable, type ExportTable } from "~/lib/stats/pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, lab, context } = await requireCurrentLab(request);
  const search = new URL(request.url).searchParams;
  const table = params.table as ExportTable;
  const format = (search.get("format") ?? "csv") as ExportFormat;
  if (!EXPORT_TABLES.includes(table)) return new Response("Not found", { status: 404, headers });
  const locale = resolveLocale(request, context.locale);
  const t = createT(locale);
  const text = (body: string) => {
    const out = new Headers(headers);
    out.set("Content-Type", "text/plain; charset=utf-8");
    return new Response(body, { status: 400, headers: out });
  };
  if (!EXPORT_FORMATS.includes(format)) return text(t("stats.period.invalid"));
  const data = await exportTable(supabase, table, search, lab.id, t, locale);
  if ("error" in data) return text(t(data.error));
  return exportResponse(data, format, t(`stats.nav.${table === "breakdown" ? "breakdowns" : table}`), headers);
}
