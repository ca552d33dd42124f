// The bureau's workplace frame: its sections as a sub-navigation. Each page below guards itself
// with requireBureau (admin-only actions are refused by the SQL functions to analysts as well).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { requireBureau } from "~/lib/auth/roles.server";
import { useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers, bureauRole } = await requireBureau(request);
  return json({ bureauRole }, { headers });
}

/** The workplace's sections (other bureau pages add theirs here). */
export const BUREAU_SECTIONS: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: "/bureau", label: "bureau.nav.overview", end: true },
  { to: "/bureau/labs", label: "bureau.nav.labs" },
  { to: "/bureau/analysts", label: "bureau.nav.analysts" },
  { to: "/bureau/organisations", label: "bureauOrgs.title" },
];

export default function BureauLayout() {
  const t = useT();
  return (
    <div className="bureau-workplace">
      <nav className="subnav" aria-label={t("bureau.nav.label")}>
        {BUREAU_SECTIONS.map((section) => (
          <NavLink key={section.to} to={section.to} end={section.end}>
            {t(section.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
