import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckEmail } from "~/components/auth/check-email";
import { BookingIntentNotice } from "~/components/bookings/booking-intent";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { LoginTabs } from "~/components/auth/login-tabs";
import { bookingIntent } from "~/lib/bookings/intent.server";
import { requireAnonymous, sendMagicLink } from "~/lib/auth/auth.server";
import { retryAfterHeaders, throttleAuth } from "~/lib/auth/throttle.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { magicLinkSchema } from "~/lib/auth/schemas";
import { type FormResult, parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "magicLink.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  const { supabase, headers } = await requireAnonymous(request, redirectTo || "/");
  const intent = await bookingIntent(supabase, redirectTo || null);
  return json({ redirectTo: redirectTo || null, intent }, { headers });
}

type ActionData = { sent: true; email: string } | { sent: false; result: FormResult };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireAnonymous(request, "/");
  const submission = parseSubmission(magicLinkSchema, await request.formData());
  if (submission.status !== "success") {
    return json<ActionData>({ sent: false, result: replyTo(submission) }, { status: 400, headers });
  }
  const wait = throttleAuth(request, "magicLink", submission.value.email);
  if (wait !== null) {
    return json<ActionData>(
      { sent: false, result: replyTo(submission, { field: "form", message: "authError.rateLimited" }) },
      { status: 429, headers: retryAfterHeaders(headers, wait) },
    );
  }
  const result = await sendMagicLink(supabase, {
    email: submission.value.email,
    next: safeRedirect(submission.value.redirectTo),
  });
  if (!result.ok) {
    return json<ActionData>(
      { sent: false, result: replyTo(submission, { field: "form", message: result.error.message }) },
      { status: result.error.status, headers: result.error.status === 429 ? retryAfterHeaders(headers, 60) : headers },
    );
  }
  return json<ActionData>({ sent: true, email: submission.value.email }, { headers });
}

export default function MagicLink() {
  const t = useT();
  const { redirectTo, intent } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(magicLinkSchema, data && !data.sent ? data.result : undefined);
  if (data?.sent) return <CheckEmail kind="magicLink" email={data.email} redirectTo={redirectTo} />;
  return (
    <section className="panel auth-panel" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <BookingIntentNotice intent={intent} />
      <LoginTabs redirectTo={redirectTo} />
      <p className="muted">{t("magicLink.intro")}</p>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field meta={fields.email} label="field.email" type="email" autoComplete="email" />
        <SubmitButton>{t("magicLink.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        {t("login.noAccount")} <Link to="/signup">{t("login.signUpLink")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
