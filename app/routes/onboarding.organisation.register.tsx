// Register a new organisation: the caller becomes its owner. An SME is "pending" until the bureau
// verifies it (the standard rate until then); the page says so before the user submits.
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { KIND_LABEL } from "~/components/organisations/labels";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Field, FormErrors, SelectField, SubmitButton, useConformForm } from "~/components/ui/forms";
import { requireUser } from "~/lib/auth/auth.server";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { useLocale, useT } from "~/lib/i18n/react";
import { listDistricts, registerOrganisation } from "~/lib/organisations/organisations.server";
import { registerOrganisationSchema } from "~/lib/organisations/schemas";
import { REGISTRABLE_ORGANISATION_KINDS } from "~/lib/platform/enums";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";
import { safeRedirect } from "~/lib/platform/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "register.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const next = safeRedirect(new URL(request.url).searchParams.get("next"), "") || null;
  return json({ districts: await listDistricts(supabase), next }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const submission = parseSubmission(registerOrganisationSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await registerOrganisation(supabase, submission.value);
  if (!result.ok) {
    const { field, message, status } = result.error;
    return json({ result: replyTo(submission, { field, message }) }, { status, headers });
  }
  const next = safeRedirect(submission.value.next, "");
  return redirectWithHeaders(next || `/account/organisation?id=${result.value}&registered=1`, headers);
}

export default function RegisterOrganisation() {
  const t = useT();
  const locale = useLocale();
  const { districts, next } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [form, fields] = useConformForm(registerOrganisationSchema, reply?.result, {
    defaultValue: { kind: "sme", next: next ?? undefined },
  });
  const kind = fields.kind.value ?? "sme";
  return (
    <div className="page-narrow">
      <p className="breadcrumb">
        <Link to={next ? `/onboarding/organisation?next=${encodeURIComponent(next)}` : "/onboarding/organisation"}>
          ← {t("register.back")}
        </Link>
      </p>
      <h1>{t("register.title")}</h1>
      <p className="muted">{t("register.intro")}</p>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <Field meta={fields.nameZh} label="org.field.nameZh" autoComplete="organization" />
        <Field meta={fields.nameEn} label="org.field.nameEn" lang="en" />
        <SelectField
          meta={fields.kind}
          label="org.field.kind"
          options={REGISTRABLE_ORGANISATION_KINDS.map((value) => ({ value, label: t(KIND_LABEL[value]) }))}
          hint={kind === "sme" ? t("register.smeHint") : undefined}
        />
        <Field meta={fields.uscc} label="org.field.uscc" autoComplete="off" spellCheck={false} hint={t("register.usccHint")} />
        <SelectField
          meta={fields.districtId}
          label="org.field.district"
          options={[
            { value: "", label: t("register.noDistrict") },
            ...districts.map((district) => ({ value: district.id, label: locale === "en" ? district.name_en : district.name_zh })),
          ]}
        />
        <Field meta={fields.address} label="org.field.address" autoComplete="street-address" />
        <Field meta={fields.contactName} label="org.field.contactName" autoComplete="name" />
        <Field meta={fields.contactPhone} label="org.field.contactPhone" type="tel" autoComplete="tel" inputMode="tel" />
        <Field meta={fields.contactEmail} label="org.field.contactEmail" type="email" autoComplete="email" />
        <SubmitButton>{t("register.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
