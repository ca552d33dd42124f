// Applying to open a lab (issue 11, part 9): a member of an organisation fills in the lab's names,
// district, address, accreditations and contact; apply_for_lab checks membership and the fields
// again. The user's applications and their outcome are listed below the form.
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Field, FormAlert, FormErrors, SelectField, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { applyForLab, loadApplyPage } from "~/lib/admin/administration.server";
import { labApplicationSchema } from "~/lib/admin/schemas";
import { requireUser } from "~/lib/auth/auth.server";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDateTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "apply.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  return json(await loadApplyPage(supabase, user.id), { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const submission = parseSubmission(labApplicationSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await applyForLab(supabase, submission.value);
  if (!result.ok) {
    const { field, message, status } = result.error;
    return json({ result: replyTo(submission, { field, message }) }, { status, headers });
  }
  return redirectWithHeaders("/labs/apply?notice=submitted", headers);
}

export default function ApplyForLab() {
  const t = useT();
  const locale = useLocale();
  const { organisations, districts, applications } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(labApplicationSchema, data?.result, {
    defaultValue: { organisationId: organisations[0]?.id ?? null },
  });
  const notice = data === undefined && searchParams.get("notice") === "submitted" ? "apply.notice.submitted" : null;
  return (
    <div className="page-narrow">
      <header className="page-header">
        <h1>{t("apply.title")}</h1>
        <p className="muted">{t("apply.intro")}</p>
      </header>
      <FormAlert message={notice} tone="success" />
      {organisations.length === 0 ? (
        <p className="alert alert--info">{t("apply.noOrganisation")}</p>
      ) : (
        <section className="panel" aria-labelledby="apply-form-title">
          <h2 id="apply-form-title" className="visually-hidden">
            {t("apply.title")}
          </h2>
          <FormErrors form={form} />
          <Form method="post" {...getFormProps(form)} className="form">
            <SelectField
              meta={fields.organisationId}
              label="apply.organisation"
              options={organisations.map((o) => ({ value: o.id, label: localName(o, locale) }))}
            />
            <Field meta={fields.nameZh} label="apply.nameZh" lang="zh-CN" />
            <Field meta={fields.nameEn} label="apply.nameEn" lang="en" />
            <SelectField
              meta={fields.districtId}
              label="apply.district"
              options={[{ value: "", label: "—" }, ...districts.map((d) => ({ value: d.id, label: localName(d, locale) }))]}
            />
            <Field meta={fields.addressZh} label="apply.addressZh" lang="zh-CN" />
            <Field meta={fields.addressEn} label="apply.addressEn" lang="en" />
            <Field meta={fields.accreditations} label="apply.accreditations" hint={t("apply.accreditations.hint")} />
            <TextArea meta={fields.description} label="apply.description" />
            <Field meta={fields.contactName} label="apply.contactName" autoComplete="name" />
            <Field meta={fields.contactPhone} label="apply.contactPhone" type="tel" autoComplete="tel" hint={t("apply.contact.hint")} />
            <Field meta={fields.contactEmail} label="apply.contactEmail" type="email" autoComplete="email" />
            <SubmitButton>{t("apply.submit")}</SubmitButton>
          </Form>
        </section>
      )}
      {applications.length > 0 ? (
        <section className="panel" aria-labelledby="my-applications">
          <h2 id="my-applications">{t("apply.mine")}</h2>
          <ul className="plain-list">
            {applications.map((a) => (
              <li key={a.id}>
                <strong>{localName(a, locale)}</strong> · <span className="tag">{t(`apply.status.${a.status}`)}</span>{" "}
                <span className="muted small">{formatDateTime(a.created_at, locale)}</span>
                {a.decision_reason ? <p className="muted">{t("apply.reason", { reason: a.decision_reason })}</p> : null}
                {a.status === "approved" ? (
                  <p>
                    <Link to="/lab">{t("apply.openLab")}</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
