// The lab workspace's frame: which lab (a switcher when the user staffs more than one, remembered)
// and the workspace's sections. Each page below guards itself with requireCurrentLab.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers, labs, lab } = await requireCurrentLab(request);
  return json({ labs, lab }, { headers });
}

/** The workspace's sections; `manager` ones are shown to managers only (their pages check too). */
export const LAB_SECTIONS: { to: string; label: MessageKey; end?: boolean; manager?: boolean }[] = [
  { to: "/lab", label: "lab.nav.home", end: true },
  { to: "/lab/requests", label: "lab.nav.requests" },
  { to: "/lab/calendar", label: "lab.nav.calendar" },
  { to: "/lab/bookings", label: "lab.nav.bookings" },
  { to: "/lab/book", label: "lab.nav.book" },
  { to: "/lab/instruments", label: "lab.nav.instruments" },
  { to: "/lab/authorisations", label: "lab.nav.authorisations" },
  { to: "/lab/staff", label: "lab.nav.staff" },
  { to: "/lab/settings", label: "lab.nav.settings" },
  { to: "/lab/stats", label: "lab.nav.stats" },
];

export default function LabLayout() {
  const t = useT();
  const locale = useLocale();
  const { labs, lab } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <div className="lab-workspace">
      <div className="lab-workspace__bar">
        <p className="lab-workspace__lab">
          <span className="muted">{t("lab.current")}</span> <strong>{localName(lab, locale)}</strong>{" "}
          <span className="tag">{t(`lab.role.${lab.role}`)}</span>
        </p>
        {labs.length > 1 ? (
          <Form method="post" action="/lab/switch" className="lab-switch">
            <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
            <label htmlFor="lab-switch">{t("lab.switch")}</label>
            <select id="lab-switch" name="lab" defaultValue={lab.id} key={lab.id}>
              {labs.map((option) => (
                <option key={option.id} value={option.id}>
                  {localName(option, locale)}
                </option>
              ))}
            </select>
            <button type="submit" className="button button--secondary">
              {t("lab.switch.submit")}
            </button>
          </Form>
        ) : null}
      </div>
      <nav className="subnav" aria-label={t("lab.nav.label")}>
        {LAB_SECTIONS.filter((section) => !section.manager || lab.role === "manager").map((section) => (
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
