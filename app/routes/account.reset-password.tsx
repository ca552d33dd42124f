import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { requireUser, updatePassword } from "~/lib/auth/auth.server";
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
  const submission = parseSubmission(resetPasswordSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await updatePassword(supabase, submission.value.password);
  if (!result.ok) {
    const { message, status } = result.error;
    const atPassword = message === "authError.samePassword" || message === "authError.weakPassword";
    return json({ result: replyTo(submission, { field: atPassword ? "password" : "form", message }) }, { status, headers });
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
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
