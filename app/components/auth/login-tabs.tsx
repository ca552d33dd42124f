import { NavLink } from "@remix-run/react";
import { useT } from "~/lib/i18n/react";

/** Password / e-mail link switch on the sign-in pages; keeps `redirectTo`. */
export function LoginTabs({ redirectTo }: { redirectTo: string | null }) {
  const t = useT();
  const search = redirectTo ? `?${new URLSearchParams({ redirectTo })}` : "";
  return (
    <nav className="tabs" aria-label={t("login.methods")}>
      <NavLink to={`/login${search}`} end className="tabs__tab">
        {t("login.tab.password")}
      </NavLink>
      <NavLink to={`/login/magic-link${search}`} className="tabs__tab">
        {t("login.tab.magicLink")}
      </NavLink>
    </nav>
  );
}
