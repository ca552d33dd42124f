// /lab/staff: the lab's staff. Everyone on the staff sees the list; managers (ADR 021) add a
// technician or manager by e-mail (an address without an account is invited), change roles and
// remove people. The functions behind it check the caller manages the lab and keep a manager.
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Field, FormAlert, FormErrors, SelectField, SubmitButton, useConformForm } from "~/components/ui/forms";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatDate } from "~/lib/i18n/format";
import { resolveLocale } from "~/lib/i18n/locale.server";
import { useLocale, useT } from "~/lib/i18n/react";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { addStaffSchema, changeRoleSchema, removeStaffSchema } from "~/lib/labs/staff-schemas";
import { addStaff, changeStaffRole, listStaff, removeStaff } from "~/lib/labs/staff.server";
import { LAB_ROLES } from "~/lib/platform/enums";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labStaff.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab, user } = await requireCurrentLab(request);
  const staff = await listStaff(supabase, lab.id);
  return json({ staff, canManage: lab.role === "manager", me: user.id }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, lab, context } = await requireCurrentLab(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "add") {
    const submission = parseSubmission(addStaffSchema, formData);
    if (submission.status !== "success") return json({ intent, result: replyTo(submission) }, { status: 400, headers });
    const result = await addStaff(supabase, { labId: lab.id, ...submission.value, locale: resolveLocale(request, context.locale) });
    if (!result.ok) {
      const { field, message, status } = result.error;
      return json({ intent, result: replyTo(submission, { field, message }) }, { status, headers });
    }
    return redirectWithHeaders(`/lab/staff?done=${result.value.invited ? "invited" : "added"}`, headers);
  }
  const submission = parseSubmission(intent === "role" ? changeRoleSchema : removeStaffSchema, formData);
  if (submission.status !== "success") return json({ intent, result: replyTo(submission, { field: "form", message: "validation.invalid" }) }, { status: 400, headers });
  const value = submission.value;
  const result =
    value.intent === "role"
      ? await changeStaffRole(supabase, { labId: lab.id, userId: value.userId, role: value.role })
      : await removeStaff(supabase, { labId: lab.id, userId: value.userId });
  if (!result.ok) {
    const { message, status } = result.error;
    return json({ intent, result: replyTo(submission, { field: "form", message }) }, { status, headers });
  }
  return redirectWithHeaders(`/lab/staff?done=${value.intent === "role" ? "role" : "removed"}`, headers);
}

const DONE = { added: "labStaff.done.added", invited: "labStaff.done.invited", role: "labStaff.done.role", removed: "labStaff.done.removed" } as const;

export default function LabStaffPage() {
  const t = useT();
  const locale = useLocale();
  const { staff, canManage, me } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("done");
  const [form, fields] = useConformForm(addStaffSchema, data?.intent === "add" ? data.result : undefined, {
    defaultValue: { intent: "add", role: "technician" },
  });
  const rowError = data && data.intent !== "add" ? data.result.error?.[""]?.[0]?.message : undefined;
  return (
    <div>
      <header className="page-header">
        <h1>{t("labStaff.title")}</h1>
        <p className="muted">{t(canManage ? "labStaff.intro.manager" : "labStaff.intro.technician")}</p>
      </header>
      {done && done in DONE ? <FormAlert tone="success" message={DONE[done as keyof typeof DONE]} /> : null}
      <FormAlert message={rowError} />
      <DataTable
        caption={t("labStaff.title")}
        rows={staff}
        rowKey={(row) => row.userId}
        columns={[
          {
            id: "name",
            header: t("labStaff.col.name"),
            title: true,
            cell: (row) => (
              <>
                {row.displayName || row.email}
                {row.invitationPending ? <span className="tag"> {t("labStaff.invited")}</span> : null}
              </>
            ),
          },
          { id: "email", header: t("labStaff.col.email"), cell: (row) => row.email },
          { id: "role", header: t("labStaff.col.role"), cell: (row) => t(`lab.role.${row.role}`) },
          { id: "since", header: t("labStaff.col.since"), cell: (row) => formatDate(row.addedAt, locale) },
          ...(canManage
            ? [
                {
                  id: "actions",
                  header: t("labStaff.col.actions"),
                  cell: (row: (typeof staff)[number]) => (
                    <div className="row-actions">
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="role" />
                        <input type="hidden" name="userId" value={row.userId} />
                        <input type="hidden" name="role" value={row.role === "manager" ? "technician" : "manager"} />
                        <button type="submit" className="button button--secondary">
                          {t(row.role === "manager" ? "labStaff.makeTechnician" : "labStaff.makeManager", { name: row.displayName || row.email })}
                        </button>
                      </Form>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="userId" value={row.userId} />
                        <button type="submit" className="button button--danger">
                          {t(row.userId === me ? "labStaff.leave" : "labStaff.remove", { name: row.displayName || row.email })}
                        </button>
                      </Form>
                    </div>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canManage ? (
        <section className="panel" aria-labelledby="add-staff-title">
          <h2 id="add-staff-title">{t("labStaff.add.title")}</h2>
          <p className="muted">{t("labStaff.add.intro")}</p>
          <FormErrors form={form} />
          <Form method="post" {...getFormProps(form)} className="form">
            <input type="hidden" name="intent" value="add" />
            <Field meta={fields.email} label="labStaff.add.email" type="email" autoComplete="off" />
            <SelectField
              meta={fields.role}
              label="labStaff.add.role"
              options={LAB_ROLES.map((role) => ({ value: role, label: t(`lab.role.${role}`) }))}
            />
            <SubmitButton>{t("labStaff.add.submit")}</SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
