// Where an invitation's link lands (after /auth/confirm signed the invited person in): choose a
// password, then go on to `next` (the lab workspace for new lab staff).
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { requireUser, updatePassword } from "~/lib/auth/auth.server";
import { resetPasswordSchema } from "~/lib/auth/schemas";
import { PASSWORD_MIN } from "~/lib/forms/fields";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { useT } from "~/lib/i18n/react";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "welcome.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request);
  const next = safeRedirect(new URL(request.url).searchParams.get("next"), "/");
  return json({ email: user.email ?? "", next }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const next = safeRedirect(new URL(request.url).searchParams.get("next"), "/");
  const submission = parseSubmission(resetPasswordSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await updatePassword(supabase, submission.value.password);
  if (!result.ok) {
    const { message, status } = result.error;
    const atPassword = message === "authError.samePassword" || message === "authError.weakPassword";
    return json({ result: replyTo(submission, { field: atPassword ? "password" : "form", message }) }, { status, headers });
  }
  return redirectWithHeaders(next, headers);
}

export default function Welcome() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(resetPasswordSchema, data?.result);
  return (
    <section className="panel auth-panel" aria-labelledby="welcome-title">
      <h1 id="welcome-title">{t("welcome.title")}</h1>
      <p className="muted">{t("welcome.intro", { email })}</p>
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
        <SubmitButton>{t("welcome.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
