import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SubmitButton, useFormValidation } from "~/components/forms";
import { requireUser, updatePassword } from "~/lib/auth.server";
import { redirectWithHeaders } from "~/lib/http.server";
import { useT } from "~/lib/i18n-react";
import type { MessageKey } from "~/lib/i18n";
import { pageMeta } from "~/lib/meta";
import { parseForm, PASSWORD_MIN, resetPasswordSchema, type FieldErrors } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "reset.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, headers } = await requireUser(request);
  return json({ email: user.email ?? "" }, { headers });
}

interface ActionData {
  errors: FieldErrors | null;
  formError: MessageKey | null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const parsed = parseForm(resetPasswordSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ errors: parsed.errors, formError: null }, { status: 400, headers });
  const result = await updatePassword(supabase, parsed.data.password);
  if (!result.ok) {
    const field = result.error.message === "authError.samePassword" || result.error.message === "authError.weakPassword";
    return json<ActionData>(
      field
        ? { errors: { password: [{ message: result.error.message }] }, formError: null }
        : { errors: null, formError: result.error.message },
      { status: result.error.status, headers },
    );
  }
  return redirectWithHeaders("/account?updated=password", headers);
}

export default function ResetPassword() {
  const t = useT();
  const { email } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { errors, onSubmit } = useFormValidation(resetPasswordSchema, data?.errors ?? undefined);
  return (
    <section className="panel auth-panel" aria-labelledby="reset-title">
      <h1 id="reset-title">{t("reset.title")}</h1>
      <p className="muted">{t("reset.intro", { email })}</p>
      <FormAlert message={data?.formError} />
      <Form method="post" noValidate onSubmit={onSubmit} className="form">
        <input type="email" name="email" value={email} autoComplete="username" readOnly hidden />
        <Field
          name="password"
          label="field.newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          hint={t("field.password.hint", { min: PASSWORD_MIN })}
          issues={errors.password}
        />
        <Field
          name="confirmPassword"
          label="field.confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          issues={errors.confirmPassword}
        />
        <SubmitButton>{t("reset.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
