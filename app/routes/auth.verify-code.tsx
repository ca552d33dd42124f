// Sign in with the 6-digit code from an auth e-mail (the alternative to clicking the link).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { verifyEmailCode } from "~/lib/auth/auth.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { useT } from "~/lib/i18n/react";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { createSupabaseServerClient } from "~/lib/platform/supabase.server";
import { type CodeKind, verifyCodeSchema } from "~/lib/auth/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "verifyCode.meta.title");

const KINDS: CodeKind[] = ["signup", "magiclink", "recovery"];

export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const type = KINDS.find((kind) => kind === params.get("type")) ?? "magiclink";
  return json({
    email: (params.get("email") ?? "").slice(0, 254),
    type,
    redirectTo: safeRedirect(params.get("redirectTo"), "") || null,
  });
}

const destination: Record<CodeKind, string> = { signup: "/account", magiclink: "/", recovery: "/account/reset-password" };

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = createSupabaseServerClient(request);
  const submission = parseSubmission(verifyCodeSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const { email, code, type, redirectTo } = submission.value;
  const result = await verifyEmailCode(supabase, { email, code, type });
  if (!result.ok) {
    // A wrong code reads as an expired link to the auth server; say it in terms of the code, at the field.
    const error =
      result.error.message === "authError.otpExpired"
        ? { field: "code", message: "authError.codeInvalid" as const }
        : { field: "form", message: result.error.message };
    return json({ result: replyTo(submission, error) }, { status: result.error.status, headers });
  }
  const to = type === "magiclink" ? safeRedirect(redirectTo, destination.magiclink) : destination[type];
  return redirectWithHeaders(to, headers);
}

export default function VerifyCode() {
  const t = useT();
  const { email, type, redirectTo } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(verifyCodeSchema, data?.result, { defaultValue: { email } });
  return (
    <section className="panel auth-panel" aria-labelledby="verify-title">
      <h1 id="verify-title">{t("verifyCode.title")}</h1>
      <p className="muted">{t("verifyCode.intro")}</p>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        <input type="hidden" name="type" value={type} />
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Field meta={fields.email} label="field.email" type="email" autoComplete="email" />
        <Field
          meta={fields.code}
          label="field.code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={6}
          className="input-code"
        />
        <SubmitButton>{t("verifyCode.submit")}</SubmitButton>
      </Form>
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
