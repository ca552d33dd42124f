import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CheckEmail } from "~/components/auth/check-email";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { sendPasswordRecovery } from "~/lib/auth/auth.server";
import { retryAfterHeaders, throttleAuth } from "~/lib/auth/throttle.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { createSupabaseServerClient } from "~/lib/platform/supabase.server";
import { forgotPasswordSchema } from "~/lib/auth/schemas";
import { type FormResult, parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "forgot.meta.title");

type ActionData = { sent: true; email: string } | { sent: false; result: FormResult };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const submission = parseSubmission(forgotPasswordSchema, await request.formData());
  if (submission.status !== "success") {
    return json<ActionData>({ sent: false, result: replyTo(submission) }, { status: 400, headers });
  }
  const wait = throttleAuth(request, "recovery", submission.value.email);
  if (wait !== null) {
    return json<ActionData>(
      { sent: false, result: replyTo(submission, { field: "form", message: "authError.rateLimited" }) },
      { status: 429, headers: retryAfterHeaders(headers, wait) },
    );
  }
  const result = await sendPasswordRecovery(supabase, submission.value);
  if (!result.ok) {
    return json<ActionData>(
      { sent: false, result: replyTo(submission, { field: "form", message: result.error.message }) },
      { status: result.error.status, headers: result.error.status === 429 ? retryAfterHeaders(headers, 60) : headers },
    );
  }
  return json<ActionData>({ sent: true, email: submission.value.email }, { headers });
}

export default function ForgotPassword() {
  const t = useT();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(forgotPasswordSchema, data && !data.sent ? data.result : undefined);
  if (data?.sent) return <CheckEmail kind="recovery" email={data.email} />;
  return (
    <section className="panel auth-panel" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      <p className="muted">{t("forgot.intro")}</p>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        <Field meta={fields.email} label="field.email" type="email" autoComplete="email" />
        <SubmitButton>{t("forgot.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        <Link to="/login">{t("forgot.backToLogin")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
