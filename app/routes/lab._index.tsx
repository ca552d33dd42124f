import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireLabStaff } from "~/lib/auth/roles.server";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { getLabAttention } from "~/lib/labs/workspace.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, labs } = await requireLabStaff(request);
  return json({ labs: await getLabAttention(supabase, labs) }, { headers });
}

export default function LabWorkspace() {
  const t = useT();
  const locale = useLocale();
  const { labs } = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("lab.title")}</h1>
        <p className="muted">{t("lab.intro")}</p>
      </header>
      <ul className="card-list">
        {labs.map(({ lab, pending, toRecord, inMaintenance }) => (
          <li key={lab.id} className="panel">
            <h2>{localName(lab, locale)}</h2>
            <p className="tags">
              <span className="tag">{t(`lab.role.${lab.role}`)}</span>
              {lab.status === "approved" ? null : <span className="tag tag--warning">{t(`lab.status.${lab.status}`)}</span>}
            </p>
            <dl className="figure-grid">
              <div className="figure">
                <dt>{t("lab.pending")}</dt>
                <dd>{pending}</dd>
              </div>
              <div className="figure">
                <dt>{t("lab.toRecord")}</dt>
                <dd>{toRecord}</dd>
              </div>
              <div className="figure">
                <dt>{t("lab.inMaintenance")}</dt>
                <dd>{inMaintenance}</dd>
              </div>
            </dl>
            <p>
              <Link to={`/instruments?lab=${lab.id}`}>{t("lab.instruments")}</Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
