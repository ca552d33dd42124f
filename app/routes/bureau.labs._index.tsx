// The bureau's labs (issue 11, part 9): applications to decide, the labs with their managers (assign
// one, suspend or reinstate), and the record of actions. Analysts see it read-only; the SQL
// functions refuse them anyway.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { ApplicationsTable, AuditTable, LabsTable } from "~/components/admin/bureau-labs";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert } from "~/components/ui/forms";
import { assignManager, decideApplication, loadBureauLabs } from "~/lib/admin/administration.server";
import { assignManagerSchema, decisionSchema } from "~/lib/admin/schemas";
import { requireBureau } from "~/lib/auth/roles.server";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "bureauLabs.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, bureauRole } = await requireBureau(request);
  return json({ ...(await loadBureauLabs(supabase)), admin: bureauRole === "admin" }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireBureau(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "assign") {
    const submission = parseSubmission(assignManagerSchema, formData);
    const target = String(formData.get("labId") ?? "");
    if (submission.status !== "success") return json({ intent, target, result: replyTo(submission) }, { status: 400, headers });
    const result = await assignManager(supabase, submission.value.labId, submission.value.email);
    if (!result.ok) {
      const field = result.error.field === "form" ? "form" : "email";
      return json({ intent, target, result: replyTo(submission, { field, message: result.error.message }) }, { status: result.error.status, headers });
    }
    return redirectWithHeaders("/bureau/labs?notice=assigned", headers);
  }
  const submission = parseSubmission(decisionSchema, formData);
  const target = String(formData.get("applicationId") ?? "");
  if (submission.status !== "success") return json({ intent: "decide", target, result: replyTo(submission) }, { status: 400, headers });
  const { applicationId, decision, managerEmail, reason } = submission.value;
  const result = await decideApplication(supabase, { applicationId, approve: decision === "approve", managerEmail, reason });
  if (!result.ok) {
    const field = ["reason", "managerEmail"].includes(result.error.field) ? result.error.field : "form";
    return json({ intent: "decide", target, result: replyTo(submission, { field, message: result.error.message }) }, { status: result.error.status, headers });
  }
  return redirectWithHeaders(`/bureau/labs?notice=${decision === "approve" ? "approved" : "rejected"}`, headers);
}

const NOTICES: Record<string, MessageKey> = {
  approved: "bureauLabs.notice.approved",
  rejected: "bureauLabs.notice.rejected",
  assigned: "bureauLabs.notice.assigned",
  suspended: "bureauLabs.notice.suspended",
  reinstated: "bureauLabs.notice.reinstated",
};

export default function BureauLabs() {
  const t = useT();
  const { pending, decided, labs, events, admin } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const notice = NOTICES[searchParams.get("notice") ?? ""];
  return (
    <div>
      <header className="page-header">
        <h1>{t("bureauLabs.title")}</h1>
        <p className="muted">{t("bureauLabs.intro")}</p>
      </header>
      <FormAlert message={notice} tone="success" />
      {admin ? null : <p className="alert alert--info">{t("bureau.readOnly")}</p>}
      <section className="panel" aria-labelledby="applications-title">
        <h2 id="applications-title">{t("bureauLabs.applications")}</h2>
        {pending.length === 0 ? <p className="muted">{t("bureauLabs.applications.empty")}</p> : <ApplicationsTable applications={pending} admin={admin} />}
      </section>
      <section className="panel" aria-labelledby="labs-title">
        <h2 id="labs-title">{t("bureauLabs.labs")}</h2>
        <LabsTable labs={labs} admin={admin} />
      </section>
      {decided.length > 0 ? (
        <section className="panel" aria-labelledby="decided-title">
          <h2 id="decided-title">{t("bureauLabs.decided")}</h2>
          <ApplicationsTable applications={decided} admin={false} />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="audit-title">
        <h2 id="audit-title">{t("bureauLabs.audit")}</h2>
        {events.length === 0 ? <p className="muted">{t("bureauLabs.audit.empty")}</p> : <AuditTable events={events} />}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
