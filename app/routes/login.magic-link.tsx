import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CheckEmail } from "~/components/check-email";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SubmitButton, useFormValidation } from "~/components/forms";
import { LoginTabs } from "~/components/login-tabs";
import { requireAnonymous, sendMagicLink } from "~/lib/auth.server";
import { useT } from "~/lib/i18n-react";
import type { MessageKey } from "~/lib/i18n";
import { pageMeta } from "~/lib/meta";
import { safeRedirect } from "~/lib/safe-redirect";
import { magicLinkSchema, parseForm, type FieldErrors } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "magicLink.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "");
  const { headers } = await requireAnonymous(request, redirectTo || "/");
  return json({ redirectTo: redirectTo || null }, { headers });
}

type ActionData =
  | { sent: true; email: string }
  | { sent: false; errors: FieldErrors | null; formError: MessageKey | null };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireAnonymous(request, "/");
  const parsed = parseForm(magicLinkSchema, await request.formData());
  if (!parsed.success) {
    return json<ActionData>({ sent: false, errors: parsed.errors, formError: null }, { status: 400, headers });
  }
  const result = await sendMagicLink(supabase, {
    email: parsed.data.email,
    next: safeRedirect(parsed.data.redirectTo),
  });
  if (!result.ok) {
    return json<ActionData>(
      { sent: false, errors: null, formError: result.error.message },
      { status: result.error.status, headers },
    );
  }
  return json<ActionData>({ sent: true, email: parsed.data.email }, { headers });
}

export default function MagicLink() {
  const t = useT();
  const { redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { errors, onSubmit } = useFormValidation(
    magicLinkSchema,
    data && !data.sent ? (data.errors ?? undefined) : undefined,
  );
  if (data?.sent) return <CheckEmail kind="magicLink" email={data.email} redirectTo={redirectTo} />;
  return (
    <section className="panel auth-panel" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <LoginTabs redirectTo={redirectTo} />
      <p className="muted">{t("magicLink.intro")}</p>
      <FormAlert message={data && !data.sent ? data.formError : null} />
      <Form method="post" noValidate onSubmit={onSubmit} className="form">
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field name="email" label="field.email" type="email" autoComplete="email" required issues={errors.email} />
        <SubmitButton>{t("magicLink.submit")}</SubmitButton>
      </Form>
      <p className="auth-panel__switch">
        {t("login.noAccount")} <Link to="/signup">{t("login.signUpLink")}</Link>
      </p>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
