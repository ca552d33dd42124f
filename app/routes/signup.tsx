import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CheckEmail } from "~/components/check-email";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SubmitButton, useFormValidation } from "~/components/forms";
import { requireAnonymous, signUpWithPassword } from "~/lib/auth.server";
import { useT } from "~/lib/i18n-react";
import { resolveLocale } from "~/lib/locale.server";
import { pageMeta } from "~/lib/meta";
import { DISPLAY_NAME_MAX, parseForm, PASSWORD_MIN, signupSchema, type FieldErrors } from "~/lib/validation";
import type { MessageKey } from "~/lib/i18n";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "signup.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { headers } = await requireAnonymous(request);
  return json(null, { headers });
}

type ActionData =
  | { sent: true; email: string }
  | { sent: false; errors: FieldErrors | null; formError: MessageKey | null };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireAnonymous(request);
  const parsed = parseForm(signupSchema, await request.formData());
  if (!parsed.success) {
    return json<ActionData>({ sent: false, errors: parsed.errors, formError: null }, { status: 400, headers });
  }
  const result = await signUpWithPassword(supabase, { ...parsed.data, locale: resolveLocale(request) });
  if (!result.ok) {
    return json<ActionData>(
      { sent: false, errors: null, formError: result.error.message },
      { status: result.error.status, headers },
    );
  }
  return json<ActionData>({ sent: true, email: parsed.data.email }, { headers });
}

export default function Signup() {
  const t = useT();
  const data = useActionData<typeof action>();
  const { errors, onSubmit } = useFormValidation(signupSchema, data && !data.sent ? (data.errors ?? undefined) : undefined);
  if (data?.sent) return <CheckEmail kind="signup" email={data.email} />;
  return (
    <section className="panel auth-panel" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p className="muted">{t("signup.intro")}</p>
      <FormAlert message={data && !data.sent ? data.formError : null} />
      <Form method="post" noValidate onSubmit={onSubmit} className="form">
        <Field
          name="displayName"
          label="field.displayName"
          autoComplete="name"
          required
          maxLength={DISPLAY_NAME_MAX}
          hint={t("field.displayName.hint", { max: DISPLAY_NAME_MAX })}
          issues={errors.displayName}
        />
        <Field name="email" label="field.email" type="email" autoComplete="email" required issues={errors.email} />
        <Field
          name="password"
          label="field.password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          hint={t("field.password.hint", { min: PASSWORD_MIN })}
          issues={errors.password}
        />
        <SubmitButton>{t("signup.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        {t("signup.haveAccount")} <Link to="/login">{t("signup.signInLink")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
