// Downloads of the bureau's statistics tables: /bureau/export/<table>?format=csv|xlsx plus the
// page's own parameters, so the file holds exactly the page's numbers. Bureau staff only (404 for
// anyone else, as the pages); bad parameters → 400 with the message.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireBureau } from "~/lib/auth/roles.server";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { createT } from "~/lib/i18n/translate";
import { EXPORT_FORMATS, exportResponse, type ExportFormat } from "~/lib/stats/export.server";
import { EXPORT_TABLES, exportTable, type ExportTable } from "~/lib/stats/pages.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, context } = await requireBureau(request);
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
  const data = await exportTable(supabase, table, search, null, t, locale);
  if ("error" in data) return text(t(data.error));
  return exportResponse(data, format, t(`stats.nav.${table === "breakdown" ? "breakdowns" : table}`), headers);
}
