// The shared error view: translated text for known HTTP statuses, a generic one otherwise.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useT } from "~/lib/i18n/react";
import { isMessageKey } from "~/lib/i18n/translate";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);

  const titleKey = `error.${status}.title`;
  const bodyKey = `error.${status}.body`;
  const title = isMessageKey(titleKey) ? t(titleKey) : t("error.generic.title");
  const body = isMessageKey(bodyKey) ? t(bodyKey) : t("error.generic.body", { status });

  return (
    <section className="panel error-page" aria-labelledby="error-title">
      <p className="error-status">{status}</p>
      <h1 id="error-title">{title}</h1>
      <p>{body}</p>
      <p>
        <Link to="/" className="button button--primary">
          {t("error.backHome")}
        </Link>
      </p>
    </section>
  );
}
