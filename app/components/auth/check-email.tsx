import { Form, Link } from "@remix-run/react";
import { useT } from "~/lib/i18n/react";
import type { CodeKind } from "~/lib/auth/schemas";

const codeKind: Record<"signup" | "magicLink" | "recovery", CodeKind> = {
  signup: "signup",
  magicLink: "magiclink",
  recovery: "recovery",
};

/** "Check your e-mail", with a field for the 6-digit code as an alternative to the link. */
export function CheckEmail({
  kind,
  email,
  redirectTo,
}: {
  kind: "signup" | "magicLink" | "recovery";
  email: string;
  redirectTo?: string | null;
}) {
  const t = useT();
  return (
    <section className="panel auth-panel" aria-labelledby="check-email-title">
      <div className="check-email__icon" aria-hidden="true">
        ✉
      </div>
      <h1 id="check-email-title">{t("checkEmail.title")}</h1>
      <p role="status">{t(`checkEmail.${kind}`, { email })}</p>
      <Form method="post" action="/auth/verify-code" className="code-form">
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="type" value={codeKind[kind]} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <label htmlFor="check-email-code">{t("checkEmail.enterCode")}</label>
        <div className="code-form__row">
          <input
            id="check-email-code"
            name="code"
            className="input-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            required
          />
          <button type="submit" className="button button--secondary">
            {t("verifyCode.submit")}
          </button>
        </div>
      </Form>
      <p className="muted">{t("checkEmail.spam")}</p>
      <p>
        <Link to="/login">{t("checkEmail.back")}</Link>
      </p>
    </section>
  );
}
