import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckEmail, type ResendState } from "~/components/auth/check-email";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { requireAnonymous, resendSignupConfirmation, signUpWithPassword } from "~/lib/auth/auth.server";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { retryAfterHeaders, throttleAuth } from "~/lib/auth/throttle.server";
import { useT } from "~/lib/i18n/react";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { signupSchema } from "~/lib/auth/schemas";
import { DISPLAY_NAME_MAX, PASSWORD_MIN, emailSchema } from "~/lib/forms/fields";
import { parseSubmission, replyTo, type FormResult } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "signup.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  // Signed in already (e.g. from an invitation e-mail's sign-up link): go where the link leads.
  const next = safeRedirect(new URL(request.url).searchParams.get("next"), "") || null;
  const { headers } = await requireAnonymous(request, next ?? "/account");
  return json({ next }, { headers });
}

type ActionData =
  | { sent: true; email: string; resend: ResendState }
  | { sent: false; result: FormResult };

/** Matches the auth server's per-address interval between two e-mails (config.toml max_frequency). */
function cooldownSeconds(): number {
  const n = Number(process.env.AUTH_EMAIL_MIN_INTERVAL_SECONDS ?? "60");
  return Number.isFinite(n) && n >= 0 ? n : 60;
}

/** "Send it again" from the check-your-e-mail page (intent=resend). */
async function resend(request: Request, formData: FormData, supabase: SupabaseClient, headers: Headers) {
  const parsed = emailSchema.safeParse(formData.get("email"));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const email = parsed.data;
  const cooldown = cooldownSeconds();
  const answer = (outcome: ResendState["outcome"], status: number, wait = cooldown) =>
    json<ActionData>(
      { sent: true, email, resend: { action: "/signup", cooldownSeconds: wait, outcome } },
      { status, headers: status === 429 ? retryAfterHeaders(headers, wait) : headers },
    );
  const wait = throttleAuth(request, "resend", email);
  if (wait !== null) return answer("tooSoon", 429, wait);
  const result = await resendSignupConfirmation(supabase, { email });
  if (result.ok) return answer("sent", 200);
  if (result.error.status === 429) return answer("tooSoon", 429);
  return answer("failed", result.error.status);
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireAnonymous(request);
  const formData = await request.formData();
  if (formData.get("intent") === "resend") return resend(request, formData, supabase, headers);
  const submission = parseSubmission(signupSchema, formData);
  if (submission.status !== "success") {
    return json<ActionData>({ sent: false, result: replyTo(submission) }, { status: 400, headers });
  }
  const wait = throttleAuth(request, "signup", submission.value.email);
  if (wait !== null) {
    return json<ActionData>(
      { sent: false, result: replyTo(submission, { field: "form", message: "authError.rateLimited" }) },
      { status: 429, headers: retryAfterHeaders(headers, wait) },
    );
  }
  const next = safeRedirect(submission.value.next, "") || null;
  const result = await signUpWithPassword(supabase, { ...submission.value, next, locale: resolveLocale(request) });
  if (!result.ok) {
    return json<ActionData>(
      { sent: false, result: replyTo(submission, { field: "form", message: result.error.message }) },
      { status: result.error.status, headers: result.error.status === 429 ? retryAfterHeaders(headers, 60) : headers },
    );
  }
  return json<ActionData>(
    { sent: true, email: submission.value.email, resend: { action: "/signup", cooldownSeconds: cooldownSeconds() } },
    { headers },
  );
}

export default function Signup() {
  const t = useT();
  const data = useActionData<typeof action>();
  const { next } = useLoaderData<typeof loader>();
  const [form, fields] = useConformForm(signupSchema, data && !data.sent ? data.result : undefined);
  if (data?.sent) return <CheckEmail kind="signup" email={data.email} resend={data.resend} />;
  return (
    <section className="panel auth-panel" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p className="muted">{t("signup.intro")}</p>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field
          meta={fields.displayName}
          label="field.displayName"
          autoComplete="name"
          hint={t("field.displayName.hint", { max: DISPLAY_NAME_MAX })}
        />
        <Field meta={fields.email} label="field.email" type="email" autoComplete="email" />
        <Field
          meta={fields.password}
          label="field.password"
          type="password"
          autoComplete="new-password"
          hint={t("field.password.hint", { min: PASSWORD_MIN })}
        />
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        {t("signup.haveAccount")} <Link to={next ? `/login?redirectTo=${encodeURIComponent(next)}` : "/login"}>{t("signup.signInLink")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
