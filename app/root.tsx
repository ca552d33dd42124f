import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  type SerializeFrom,
} from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getUser } from "~/lib/auth/auth.server";
import { shanghaiDate } from "~/lib/time/shanghai";
import { DEFAULT_LOCALE, type Locale } from "~/lib/i18n/translate";
import { I18nProvider, useLocale, useShownLocale, useT } from "~/lib/i18n/react";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { pageMeta } from "~/lib/platform/meta";
import { useNonce } from "~/lib/platform/nonce";
import { getUserContext } from "~/lib/auth/roles.server";
import appStyles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  // The ICO for browsers without SVG icons (sizes keeps Chrome from preferring it to the SVG);
  // bots ask for /favicon.ico whatever the page links.
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "home.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await getUser(request);
  // A failure to read the profile and roles must not take every page down: fall back to the
  // cookie's language and no role entries.
  const context = user
    ? await getUserContext(supabase).catch((error: unknown) => {
        // Supabase unavailable: the whole page says "busy" (503), as its own loader will.
        if (error instanceof Response) throw error;
        console.error("Root loader: could not read the profile and roles", error);
        return null;
      })
    : null;
  const locale = resolveLocale(request, context?.locale);
  return json(
    {
      locale,
      year: shanghaiDate(new Date()).slice(0, 4),
      user: user
        ? {
            email: user.email ?? "",
            displayName: context?.displayName || (user.email ?? "").split("@")[0],
            // Which workplaces the header offers; the pages guard themselves (requireLabStaff, requireBureau).
            labStaff: (context?.labs.length ?? 0) > 0,
            bureau: context?.bureauRole != null,
          }
        : null,
    },
    { headers },
  );
}

type RootData = SerializeFrom<typeof loader>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

function LanguageSwitch() {
  const t = useT();
  const locale = useLocale();
  const location = useLocation();
  const other: Locale = locale === "zh-CN" ? "en" : "zh-CN";
  return (
    <Form method="post" action="/lang" className="lang-switch" aria-label={t("lang.switch")} preventScrollReset>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <input type="hidden" name="lang" value={other} />
      <button type="submit" className="button button--ghost" lang={other} title={t("lang.switch")}>
        {t(`lang.${other}`)}
      </button>
    </Form>
  );
}

function Header({ user }: { user: RootData["user"] | undefined }) {
  const t = useT();
  return (
    <header className="site-header">
      <div className={user ? "container site-header__inner" : "container site-header__inner site-header__inner--guest"}>
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            仪
          </span>
          <span className="brand__name">{t("app.name")}</span>
        </Link>
        {/* On phones the nav is one row that scrolls sideways: bring a focused link fully into
            view (browsers leave a partly visible one where it is). */}
        <nav
          aria-label={t("nav.main")}
          className="site-nav"
          onFocus={(event) => event.target.scrollIntoView?.({ block: "nearest", inline: "nearest" })}
        >
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          <NavLink to="/instruments">{t("nav.instruments")}</NavLink>
          {user ? <NavLink to="/bookings">{t("nav.bookings")}</NavLink> : null}
          {user?.labStaff ? <NavLink to="/lab">{t("nav.lab")}</NavLink> : null}
          {user?.bureau ? <NavLink to="/bureau">{t("nav.bureau")}</NavLink> : null}
          {user ? <NavLink to="/account">{t("nav.account")}</NavLink> : null}
        </nav>
        <div className="site-header__actions">
          <LanguageSwitch />
          {user ? (
            <Form method="post" action="/logout">
              <button type="submit" className="button button--ghost">
                {t("nav.signOut")}
              </button>
            </Form>
          ) : (
            <div className="site-header__auth">
              <Link to="/login" className="button button--ghost">
                {t("nav.signIn")}
              </Link>
              <Link to="/signup" className="button button--primary">
                {t("nav.signUp")}
              </Link>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}

function Footer({ year }: { year: string }) {
  const t = useT();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>
          <strong>{t("app.name")}</strong> — {t("footer.about")}
        </p>
        <p className="muted">{t("footer.timeZone")}</p>
        <p className="muted">{t("footer.copyright", { year })}</p>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRootData();
  const nonce = useNonce();
  const locale = useShownLocale(data?.locale ?? DEFAULT_LOCALE);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider locale={locale}>
          <SkipLink />
          <Header user={data?.user} />
          <main id="main" className="container site-main" tabIndex={-1}>
            {children}
          </main>
          <Footer year={data?.year ?? shanghaiDate(new Date()).slice(0, 4)} />
        </I18nProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SkipLink() {
  const t = useT();
  return (
    <a href="#main" className="skip-link">
      {t("nav.skipToContent")}
    </a>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
