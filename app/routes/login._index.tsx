import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SubmitButton, useFormValidation } from "~/components/forms";
import { LoginTabs } from "~/components/login-tabs";
import { requireAnonymous, signInWithPassword } from "~/lib/auth.server";
import { redirectWithHeaders } from "~/lib/http.server";
import { useT } from "~/lib/i18n-react";
import type { MessageKey } from "~/lib/i18n";
import { pageMeta } from "~/lib/meta";
import { safeRedirect } from "~/lib/safe-redirect";
import { loginSchema, parseForm, type FieldErrors } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "login.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  const { headers } = await requireAnonymous(request, redirectTo || "/");
  return json({ redirectTo: redirectTo || null }, { headers });
}

interface ActionData {
  errors: FieldErrors | null;
  formError: MessageKey | null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireAnonymous(request, "/");
  const parsed = parseForm(loginSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ errors: parsed.errors, formError: null }, { status: 400, headers });
  const result = await signInWithPassword(supabase, { email: parsed.data.email, password: parsed.data.password });
  if (!result.ok) {
    return json<ActionData>({ errors: null, formError: result.error.message }, { status: result.error.status, headers });
  }
  return redirectWithHeaders(safeRedirect(parsed.data.redirectTo), headers);
}

export default function Login() {
  const t = useT();
  const { redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { errors, onSubmit } = useFormValidation(loginSchema, data?.errors ?? undefined);
  return (
    <section className="panel auth-panel" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <LoginTabs redirectTo={redirectTo} />
      <FormAlert message={data?.formError} />
      <Form method="post" noValidate onSubmit={onSubmit} className="form">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field name="email" label="field.email" type="email" autoComplete="email" required issues={errors.email} />
        <Field
          name="password"
          label="field.password"
          type="password"
          autoComplete="current-password"
          required
          issues={errors.password}
        />
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
