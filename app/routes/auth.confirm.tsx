// Landing page of every auth e-mail link: verifies token_hash, signs the user in (cookies),
// and sends them on. On failure, a translated page with ways to get a new link.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { verifyEmailLink } from "~/lib/auth/auth.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { createSupabaseServerClient } from "~/lib/platform/supabase.server";
import { confirmQuerySchema } from "~/lib/auth/schemas";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "confirm.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = confirmQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return json({ message: "confirm.invalidLink" as MessageKey, type: null }, { status: 400 });
  }
  const { token_hash: tokenHash, type, next } = parsed.data;
  const { supabase, headers } = createSupabaseServerClient(request);
  const result = await verifyEmailLink(supabase, { tokenHash, type });
  if (!result.ok) {
    return json({ message: result.error.message, type }, { status: result.error.status, headers });
  }
  // An invited person has no password yet: they choose one first (then on to `next`, e.g. /lab).
  const destination =
    type === "recovery"
      ? "/account/reset-password"
      : type === "invite"
        ? `/account/welcome?${new URLSearchParams({ next: safeRedirect(next, "/") })}`
        : safeRedirect(next, "/");
  return redirectWithHeaders(destination, headers);
}

export default function ConfirmError() {
  const t = useT();
  const { message, type } = useLoaderData<typeof loader>();
  return (
    <section className="panel auth-panel" aria-labelledby="confirm-title">
      <h1 id="confirm-title">{t("confirm.errorTitle")}</h1>
      <p role="alert">{t(message)}</p>
      <p>{t("confirm.requestNew")}</p>
      <ul className="link-list">
        {type === "recovery" ? (
          <li>
            <Link to="/forgot-password">{t("confirm.newRecovery")}</Link>
          </li>
        ) : null}
        {type === "signup" || type === "invite" ? (
          <li>
            <Link to="/signup">{t("confirm.signUpAgain")}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/login/magic-link">{t("confirm.newMagicLink")}</Link>
        </li>
        {type !== "recovery" ? (
          <li>
            <Link to="/forgot-password">{t("confirm.newRecovery")}</Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
