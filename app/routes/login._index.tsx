import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { BookingIntentNotice } from "~/components/bookings/booking-intent";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { LoginTabs } from "~/components/auth/login-tabs";
import { bookingIntent } from "~/lib/bookings/intent.server";
import { requireAnonymous, signInWithPassword } from "~/lib/auth/auth.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { retryAfterHeaders, throttleAuth } from "~/lib/auth/throttle.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { loginSchema } from "~/lib/auth/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "login.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  const { supabase, headers } = await requireAnonymous(request, redirectTo || "/");
  const intent = await bookingIntent(supabase, redirectTo || null);
  return json({ redirectTo: redirectTo || null, intent }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireAnonymous(request, "/");
  const submission = parseSubmission(loginSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const { email, password, redirectTo } = submission.value;
  const wait = throttleAuth(request, "login", email);
  if (wait !== null) {
    return json(
      { result: replyTo(submission, { field: "form", message: "authError.rateLimited" }) },
      { status: 429, headers: retryAfterHeaders(headers, wait) },
    );
  }
  const result = await signInWithPassword(supabase, { email, password });
  if (!result.ok) {
    return json(
      { result: replyTo(submission, { field: "form", message: result.error.message }) },
      { status: result.error.status, headers: result.error.status === 429 ? retryAfterHeaders(headers, 60) : headers },
    );
  }
  return redirectWithHeaders(safeRedirect(redirectTo), headers);
}

export default function Login() {
  const t = useT();
  const { redirectTo, intent } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(loginSchema, data?.result);
  return (
    <section className="panel auth-panel" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <BookingIntentNotice intent={intent} />
      <LoginTabs redirectTo={redirectTo} />
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field meta={fields.email} label="field.email" type="email" autoComplete="email" />
        <Field meta={fields.password} label="field.password" type="password" autoComplete="current-password" />
        <p className="form__aside">
          <Link to="/forgot-password">{t("login.forgotPassword")}</Link>
        </p>
        <SubmitButton>{t("login.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        {t("login.noAccount")} <Link to="/signup">{t("login.signUpLink")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
