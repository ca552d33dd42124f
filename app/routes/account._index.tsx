import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormAlert, FormErrors, SelectField, SubmitButton, useConformForm } from "~/components/ui/forms";
import { currentAuthUser, requireUser } from "~/lib/auth/auth.server";
import { redirectWithHeaders, isSecureRequest } from "~/lib/platform/http.server";
import { formatDate } from "~/lib/i18n/format";
import type { MessageKey } from "~/lib/i18n/translate";
import { useLocale, useT } from "~/lib/i18n/react";
import { serializeLangCookie } from "~/lib/i18n/locale.server";
import { pageMeta } from "~/lib/platform/meta";
import { getOwnProfile, updateOwnProfile } from "~/lib/account/profile.server";
import { profileSchema } from "~/lib/account/schemas";
import { DISPLAY_NAME_MAX } from "~/lib/forms/fields";
import { parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "account.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  // The account page shows the auth server's current record (a changed e-mail, the join date).
  const [fresh, profile] = await Promise.all([currentAuthUser(supabase), getOwnProfile(supabase, user.id)]);
  return json({ email: fresh?.email ?? user.email ?? "", createdAt: fresh?.created_at ?? null, profile }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const submission = parseSubmission(profileSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await updateOwnProfile(supabase, user.id, submission.value);
  if (!result.ok) {
    return json({ result: replyTo(submission, { field: "form", message: result.message }) }, { status: result.status, headers });
  }
  headers.append("Set-Cookie", serializeLangCookie(submission.value.locale, isSecureRequest(request)));
  return redirectWithHeaders("/account?saved=1", headers);
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { email, createdAt, profile } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(profileSchema, data?.result, {
    defaultValue: profile ? { displayName: profile.displayName, phone: profile.phone, locale: profile.locale } : undefined,
  });
  const success: MessageKey | null =
    data === undefined && searchParams.get("saved") === "1"
      ? "account.saved"
      : data === undefined && searchParams.get("updated") === "password"
        ? "account.passwordUpdated"
        : null;

  return (
    <div className="page-narrow">
      <h1>{t("account.title")}</h1>
      <p className="muted">{t("account.intro")}</p>
      <FormAlert message={success} tone="success" />

      <section className="panel" aria-labelledby="profile-title">
        <h2 id="profile-title">{t("account.profile")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("account.signedInAs")}</dt>
            <dd>{email}</dd>
          </div>
          {createdAt ? (
            <div>
              <dt>{t("account.memberSince")}</dt>
              <dd>{formatDate(createdAt, locale)}</dd>
            </div>
          ) : null}
        </dl>
        {profile ? (
          <>
            <FormErrors form={form} />
            <Form method="post" {...getFormProps(form)} className="form">
              <Field
                meta={fields.displayName}
                label="field.displayName"
                autoComplete="name"
                hint={t("field.displayName.hint", { max: DISPLAY_NAME_MAX })}
              />
              <Field
                meta={fields.phone}
                label="field.phone"
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                hint={t("field.phone.hint")}
              />
              <SelectField
                meta={fields.locale}
                label="field.locale"
                options={[
                  { value: "zh-CN", label: t("lang.zh-CN"), lang: "zh-CN" },
                  { value: "en", label: t("lang.en"), lang: "en" },
                ]}
              />
              <SubmitButton>{t("account.save")}</SubmitButton>
            </Form>
          </>
        ) : (
          <FormAlert message="account.profileMissing" />
        )}
      </section>

      <section className="panel" aria-labelledby="organisation-title">
        <h2 id="organisation-title">{t("orgPage.title")}</h2>
        <p>
          <Link to="/account/organisation">{t("account.organisationLink")}</Link>
        </p>
      </section>

      <section className="panel" aria-labelledby="security-title">
        <h2 id="security-title">{t("account.security")}</h2>
        <p>
          <Link to="/account/reset-password" className="button button--secondary">
            {t("account.changePassword")}
          </Link>
        </p>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
