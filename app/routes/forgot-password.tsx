import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CheckEmail } from "~/components/check-email";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SubmitButton, useFormValidation } from "~/components/forms";
import { sendPasswordRecovery } from "~/lib/auth.server";
import { useT } from "~/lib/i18n-react";
import type { MessageKey } from "~/lib/i18n";
import { pageMeta } from "~/lib/meta";
import { createSupabaseServerClient } from "~/lib/supabase.server";
import { forgotPasswordSchema, parseForm, type FieldErrors } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "forgot.meta.title");

type ActionData =
  | { sent: true; email: string }
  | { sent: false; errors: FieldErrors | null; formError: MessageKey | null };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const parsed = parseForm(forgotPasswordSchema, await request.formData());
  if (!parsed.success) {
    return json<ActionData>({ sent: false, errors: parsed.errors, formError: null }, { status: 400, headers });
  }
  const result = await sendPasswordRecovery(supabase, parsed.data);
  if (!result.ok) {
    return json<ActionData>(
      { sent: false, errors: null, formError: result.error.message },
      { status: result.error.status, headers },
    );
  }
  return json<ActionData>({ sent: true, email: parsed.data.email }, { headers });
}

export default function ForgotPassword() {
  const t = useT();
  const data = useActionData<typeof action>();
  const { errors, onSubmit } = useFormValidation(
    forgotPasswordSchema,
    data && !data.sent ? (data.errors ?? undefined) : undefined,
  );
  if (data?.sent) return <CheckEmail kind="recovery" email={data.email} />;
  return (
    <section className="panel auth-panel" aria-labelledby="forgot-title">
      <h1 id="forgot-title">{t("forgot.title")}</h1>
      <p className="muted">{t("forgot.intro")}</p>
      <FormAlert message={data && !data.sent ? data.formError : null} />
      <Form method="post" noValidate onSubmit={onSubmit} className="form">
        <Field name="email" label="field.email" type="email" autoComplete="email" required issues={errors.email} />
        <SubmitButton>{t("forgot.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        <Link to="/login">{t("forgot.backToLogin")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
