import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { useT } from "~/lib/i18n/react";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { getLabAttention } from "~/lib/labs/workspace.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const [attention] = await getLabAttention(supabase, [lab]);
  return json({ attention }, { headers });
}

export default function LabHome() {
  const t = useT();
  const { attention } = useLoaderData<typeof loader>();
  return (
    <div>
      <header className="page-header">
        <h1>{t("lab.title")}</h1>
        <p className="muted">{t("lab.intro")}</p>
      </header>
      {attention.lab.status === "approved" ? null : (
        <p className="alert alert--info" role="status">
          {t(`lab.status.${attention.lab.status}`)}
        </p>
      )}
      <dl className="figure-grid">
        <div className="figure">
          <dt>{t("lab.pending")}</dt>
          <dd>{attention.pending}</dd>
        </div>
        <div className="figure">
          <dt>{t("lab.toRecord")}</dt>
          <dd>{attention.toRecord}</dd>
        </div>
        <div className="figure">
          <dt>{t("lab.inMaintenance")}</dt>
          <dd>{attention.inMaintenance}</dd>
        </div>
      </dl>
      <p>
        <Link to={`/instruments?lab=${attention.lab.id}`}>{t("lab.instruments")}</Link>
      </p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
