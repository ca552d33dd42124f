import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { requireUser, sendReauthenticationCode, updatePassword } from "~/lib/auth/auth.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { resetPasswordSchema } from "~/lib/auth/schemas";
import { PASSWORD_MIN } from "~/lib/forms/fields";
import { parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "reset.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request);
  return json({ email: user.email ?? "" }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const formData = await request.formData();
  // The code field is on the form once a code was sent: keep it there whatever happens next.
  const codeSent = formData.has("code");
  const submission = parseSubmission(resetPasswordSchema, formData);
  if (submission.status !== "success") return json({ result: replyTo(submission), codeSent }, { status: 400, headers });
  const { password, code } = submission.value;
  const result = await updatePassword(supabase, password, code);
  if (!result.ok) {
    const { message, status } = result.error;
    if (message === "authError.reauthenticationNeeded") {
      // Secure password change and a session older than a day: the auth server wants the code it
      // e-mails from /reauthenticate. Send it and ask for it (an empty code field sends a new one).
      const sent = await sendReauthenticationCode(supabase);
      if (!sent.ok) {
        const reply = replyTo(submission, { field: "form", message: sent.error.message });
        return json({ result: reply, codeSent }, { status: sent.error.status, headers });
      }
      return json({ result: replyTo(submission), codeSent: true }, { headers });
    }
    if (message === "authError.codeInvalid") {
      return json({ result: replyTo(submission, { field: "code", message }), codeSent: true }, { status, headers });
    }
    const atPassword = message === "authError.samePassword" || message === "authError.weakPassword";
    const reply = replyTo(submission, { field: atPassword ? "password" : "form", message });
    return json({ result: reply, codeSent }, { status, headers });
  }
  return redirectWithHeaders("/account?updated=password", headers);
}

export default function ResetPassword() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(resetPasswordSchema, data?.result);
  return (
    <section className="panel auth-panel" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <p className="muted">{t("reset.intro", { email })}</p>
      {data?.codeSent ? (
        <p className="alert alert--info" role="status">
          {t("reset.codeSent", { email })}
        </p>
      ) : null}
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
        <Field
          meta={fields.password}
          label="field.newPassword"
          type="password"
          autoComplete="new-password"
          hint={t("field.password.hint", { min: PASSWORD_MIN })}
        />
        <Field meta={fields.confirmPassword} label="field.confirmPassword" type="password" autoComplete="new-password" />
        {data?.codeSent ? (
          <Field
            meta={fields.code}
            label="field.code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]*"
            maxLength={6}
            className="input-code"
            hint={t("reset.codeHint")}
          />
        ) : null}
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
