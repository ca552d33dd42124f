// Bureau staff (issue 11, part 9): who is an analyst or admin; admins add analysts by e-mail and
// remove them. add_bureau_analyst / remove_bureau_analyst check `bureau admin`.
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Field, FormAlert, FormErrors, SubmitButton, useConformForm } from "~/components/ui/forms";
import { addAnalyst, listBureauStaff, removeAnalyst } from "~/lib/admin/administration.server";
import { analystSchema, removeAnalystSchema } from "~/lib/admin/schemas";
import { requireBureau } from "~/lib/auth/roles.server";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDate } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bureauAnalysts.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, bureauRole, user } = await requireBureau(request);
  return json({ staff: await listBureauStaff(supabase), admin: bureauRole === "admin", me: user.id }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const formData = await request.formData();
  if (formData.get("intent") === "remove") {
    const submission = parseSubmission(removeAnalystSchema, formData);
    if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
    const result = await removeAnalyst(supabase, submission.value.userId);
    if (!result.ok) return json({ result: replyTo(submission, { field: "form", message: result.error.message }) }, { status: result.error.status, headers });
    return redirectWithHeaders("/bureau/analysts?notice=removed", headers);
  }
  const submission = parseSubmission(analystSchema, formData);
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await addAnalyst(supabase, submission.value.email);
  if (!result.ok) {
    const field = result.error.field === "email" ? "email" : "form";
    return json({ result: replyTo(submission, { field, message: result.error.message }) }, { status: result.error.status, headers });
  }
  return redirectWithHeaders("/bureau/analysts?notice=added", headers);
}

export default function BureauAnalysts() {
  const t = useT();
  const locale = useLocale();
  const { staff, admin, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(analystSchema, data?.result);
  const noticeKey = searchParams.get("notice");
  const notice = data === undefined && noticeKey === "added" ? "bureauAnalysts.notice.added" : data === undefined && noticeKey === "removed" ? "bureauAnalysts.notice.removed" : null;
  return (
    <div>
      <header className="page-header">
        <h1>{t("bureauAnalysts.title")}</h1>
        <p className="muted">{t("bureauAnalysts.intro")}</p>
      </header>
      <FormAlert message={notice} tone="success" />
      {admin ? null : <p className="alert alert--info">{t("bureau.readOnly")}</p>}
      <section className="panel" aria-labelledby="staff-title">
        <h2 id="staff-title" className="visually-hidden">
          {t("bureauAnalysts.title")}
        </h2>
        <DataTable
          caption={t("bureauAnalysts.title")}
          rows={staff}
          rowKey={(row) => row.user_id}
          columns={[
            { id: "name", header: t("bureauAnalysts.col.name"), title: true, cell: (row) => row.display_name || "—" },
            { id: "email", header: t("bureauAnalysts.col.email"), cell: (row) => row.email },
            { id: "role", header: t("bureauAnalysts.col.role"), cell: (row) => t(`bureauAnalysts.role.${row.role}`) },
            { id: "since", header: t("bureauAnalysts.col.since"), cell: (row) => formatDate(row.created_at, locale) },
            {
              id: "remove",
              header: t("bureauLabs.col.action"),
              cell: (row) =>
                admin && row.role === "analyst" && row.user_id !== me ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={row.user_id} />
                    <button type="submit" className="button button--secondary" aria-label={t("bureauAnalysts.remove.label", { name: row.display_name || row.email })}>
                      {t("bureauAnalysts.remove")}
                    </button>
                  </Form>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      </section>
      {admin ? (
        <section className="panel" aria-labelledby="add-analyst">
          <h2 id="add-analyst">{t("bureauAnalysts.add")}</h2>
          <FormErrors form={form} />
          <Form method="post" {...getFormProps(form)} className="form">
            <Field meta={fields.email} label="bureauAnalysts.add.email" type="email" hint={t("bureauAnalysts.add.hint")} />
            <SubmitButton>{t("bureauAnalysts.add")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
