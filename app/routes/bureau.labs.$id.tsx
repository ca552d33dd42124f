// One lab for the bureau: its live bookings listed first, then suspending (with a reason) or
// reinstating it. set_lab_suspended checks `bureau admin` and the lab's state.
import { getFormProps } from "@conform-to/react";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/ui/data-table";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormErrors, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { StatusBadge } from "~/components/ui/status-badge";
import { loadBureauLab, setLabSuspended } from "~/lib/admin/administration.server";
import { suspendSchema } from "~/lib/admin/schemas";
import { requireBureau } from "~/lib/auth/roles.server";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { formatFullRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bureauLab.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, bureauRole } = await requireBureau(request);
  const page = await loadBureauLab(supabase, params.id ?? "");
  if (!page) throw new Response("Not found", { status: 404, headers });
  return json({ ...page, admin: bureauRole === "admin" }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireBureau(request, "admin");
  const submission = parseSubmission(suspendSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const { suspend, reason } = submission.value;
  const result = await setLabSuspended(supabase, params.id ?? "", suspend, reason);
  if (!result.ok) {
    const field = result.error.field === "reason" ? "reason" : "form";
    return json({ result: replyTo(submission, { field, message: result.error.message }) }, { status: result.error.status, headers });
  }
  return redirectWithHeaders(`/bureau/labs?notice=${suspend ? "suspended" : "reinstated"}`, headers);
}

export default function BureauLab() {
  const t = useT();
  const locale = useLocale();
  const { lab, live, admin } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(suspendSchema, data?.result);
  const suspended = lab.status === "suspended";
  return (
    <div>
      <p className="breadcrumb">
        <Link to="/bureau/labs">← {t("bureauLab.back")}</Link>
      </p>
      <header className="page-header">
        <h1>{localName(lab, locale)}</h1>
        <p>
          <span className={`tag tag--${lab.status}`}>{t(`lab.status.${lab.status}`)}</span>
        </p>
      </header>
      <section className="panel" aria-labelledby="live-title">
        <h2 id="live-title">{t("bureauLab.live")}</h2>
        {live.length === 0 ? (
          <p className="muted">{t("bureauLab.live.none")}</p>
        ) : (
          <>
            <p>{t("bureauLab.live.count", { n: live.length })}</p>
            <DataTable
              caption={t("bureauLab.live")}
              rows={live}
              rowKey={(b) => b.id}
              columns={[
                { id: "time", header: t("bureauLab.col.time"), title: true, cell: (b) => <Link to={`/bookings/${b.id}`}>{formatFullRange(b.startsAt, b.endsAt, locale)}</Link> },
                { id: "instrument", header: t("bureauLab.col.instrument"), cell: (b) => localName(b.instrument, locale) },
                { id: "status", header: t("bureauLab.col.status"), cell: (b) => <StatusBadge status={b.status} /> },
              ]}
            />
          </>
        )}
        {!suspended ? <p className="muted small">{t("bureauLab.live.intro")}</p> : null}
      </section>
      {admin && lab.status !== "pending" ? (
        <section className="panel" aria-labelledby="suspend-title">
          <h2 id="suspend-title">{t(suspended ? "bureauLabs.reinstate" : "bureauLabs.suspend")}</h2>
          <FormErrors form={form} />
          <Form method="post" {...getFormProps(form)} className="form">
            <input type="hidden" name="suspend" value={suspended ? "false" : "true"} />
            <TextArea meta={fields.reason} label="bureauLabs.reason" hint={suspended ? undefined : t("bureauLab.suspend.reason.hint")} />
            <SubmitButton className={suspended ? "button button--primary" : "button button--danger"}>
              {t(suspended ? "bureauLabs.reinstate" : "bureauLab.suspend.confirm")}
            </SubmitButton>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
