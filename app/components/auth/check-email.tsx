import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/lib/i18n/react";
import type { CodeKind } from "~/lib/auth/schemas";

const codeKind: Record<"signup" | "magicLink" | "recovery", CodeKind> = {
  signup: "signup",
  magicLink: "magiclink",
  recovery: "recovery",
};

export interface ResendState {
  /** Where the resend form posts (the page's own action, with intent=resend). */
  action: string;
  /** Seconds until another e-mail may be sent. */
  cooldownSeconds: number;
  /** What the last resend did. */
  outcome?: "sent" | "tooSoon" | "failed";
}

/**
 * "Send it again", with the cooldown shown. Without JavaScript the button always submits and the
 * server answers with the time left; with it, the button waits out the cooldown, counting down.
 */
function ResendForm({ email, resend }: { email: string; resend: ResendState }) {
  const t = useT();
  const [left, setLeft] = useState<number | null>(null);
  useEffect(() => {
    const until = Date.now() + resend.cooldownSeconds * 1000;
    const tick = () => setLeft(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [resend.cooldownSeconds, resend.outcome]);
  const waiting = left !== null && left > 0;
  return (
    <Form method="post" action={resend.action} className="resend-form">
      <input type="hidden" name="intent" value="resend" />
      <input type="hidden" name="email" value={email} />
      {resend.outcome ? (
        <p role="status" className={resend.outcome === "sent" ? "muted" : "form-error"}>
          {t(`checkEmail.resend.${resend.outcome}`, { seconds: resend.cooldownSeconds })}
        </p>
      ) : null}
      <p className="muted" aria-live="polite">
        {t("checkEmail.resend.cooldown", { seconds: left ?? resend.cooldownSeconds })}
      </p>
      <button type="submit" className="button button--secondary" disabled={waiting}>
        {waiting ? t("checkEmail.resend.waiting", { seconds: left ?? resend.cooldownSeconds }) : t("checkEmail.resend.button")}
      </button>
    </Form>
  );
}

/** "Check your e-mail", with a field for the 6-digit code as an alternative to the link. */
export function CheckEmail({
  kind,
  email,
  redirectTo,
  resend,
}: {
  kind: "signup" | "magicLink" | "recovery";
  email: string;
  redirectTo?: string | null;
  /** Offers to send the e-mail again (sign-up). */
  resend?: ResendState;
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
      {resend ? <ResendForm email={email} resend={resend} /> : null}
      <p>
        <Link to="/login">{t("checkEmail.back")}</Link>
      </p>
    </section>
  );
}
