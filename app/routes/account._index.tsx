import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormAlert, SelectField, SubmitButton, useFormValidation } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { redirectWithHeaders } from "~/lib/http.server";
import { formatDate, type MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/i18n-react";
import { serializeLangCookie } from "~/lib/locale.server";
import { pageMeta } from "~/lib/meta";
import { getOwnProfile, updateOwnProfile } from "~/lib/profile.server";
import { DISPLAY_NAME_MAX, parseForm, profileSchema, type FieldErrors } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "account.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const profile = await getOwnProfile(supabase, user.id);
  return json({ email: user.email ?? "", createdAt: user.created_at, profile }, { headers });
}

interface ActionData {
  errors: FieldErrors | null;
  formError: MessageKey | null;
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const parsed = parseForm(profileSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ errors: parsed.errors, formError: null }, { status: 400, headers });
  const result = await updateOwnProfile(supabase, user.id, parsed.data);
  if (!result.ok) return json<ActionData>({ errors: null, formError: result.message }, { status: result.status, headers });
  headers.append("Set-Cookie", serializeLangCookie(parsed.data.locale, new URL(request.url).protocol === "https:"));
  return redirectWithHeaders("/account?saved=1", headers);
}

export default function Account() {
  const t = useT();
  const locale = useLocale();
  const { email, createdAt, profile } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { errors, onSubmit } = useFormValidation(profileSchema, data?.errors ?? undefined);
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
          <div>
            <dt>{t("account.memberSince")}</dt>
            <dd>{formatDate(createdAt, locale)}</dd>
          </div>
        </dl>
        {profile ? (
          <>
            <FormAlert message={data?.formError} />
            <Form method="post" noValidate onSubmit={onSubmit} className="form">
              <Field
                name="displayName"
                label="field.displayName"
                autoComplete="name"
                required
                maxLength={DISPLAY_NAME_MAX}
                defaultValue={profile.displayName}
                hint={t("field.displayName.hint", { max: DISPLAY_NAME_MAX })}
                issues={errors.displayName}
              />
              <Field
                name="phone"
                label="field.phone"
                type="tel"
                autoComplete="tel"
                inputMode="tel"
                maxLength={20}
                defaultValue={profile.phone ?? ""}
                hint={t("field.phone.hint")}
                issues={errors.phone}
              />
              <SelectField
                name="locale"
                label="field.locale"
                defaultValue={profile.locale}
                options={[
                  { value: "zh-CN", label: t("lang.zh-CN"), lang: "zh-CN" },
                  { value: "en", label: t("lang.en"), lang: "en" },
                ]}
                issues={errors.locale}
              />
              <SubmitButton>{t("account.save")}</SubmitButton>
            </Form>
          </>
        ) : (
          <FormAlert message="account.profileMissing" />
        )}
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
