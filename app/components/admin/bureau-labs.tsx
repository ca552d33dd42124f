// Parts of the bureau's labs page: applications (each with its decision form for admins), labs
// (assign a manager, suspend or reinstate), and the record of actions.
import { getFormProps } from "@conform-to/react";
import { Form, Link, useActionData } from "@remix-run/react";
import { DataTable } from "~/components/ui/data-table";
import { Field, FormErrors, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { assignManagerSchema, decisionSchema } from "~/lib/admin/schemas";
import type { FormResult } from "~/lib/forms/submission";
import { formatDateTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";

type Named = { name_zh: string; name_en: string | null };

export interface ApplicationRow extends Named {
  id: string;
  name_en: string;
  address_zh: string;
  accreditations: string;
  contact_name: string;
  contact_phone: string | null;
  contact_email: string | null;
  status: "pending" | "approved" | "rejected";
  decision_reason: string | null;
  created_at: string;
  applicant: string;
  organisation: Named | null;
  district: Named | null;
}

type ActionReply = { intent?: string; target?: string; result?: FormResult } | undefined;

function useReplyFor(intent: string, target: string): FormResult | undefined {
  const data = useActionData() as ActionReply;
  return data?.intent === intent && data.target === target ? data.result : undefined;
}

function DecisionForm({ application }: { application: ApplicationRow }) {
  const t = useT();
  const [form, fields] = useConformForm(decisionSchema, useReplyFor("decide", application.id));
  return (
    <Form method="post" {...getFormProps(form)} id={`decide-${application.id}`} className="form form--compact">
      <FormErrors form={form} />
      <input type="hidden" name="applicationId" value={application.id} />
      <Field meta={fields.managerEmail} label="bureauLabs.managerEmail" type="email" hint={t("bureauLabs.managerEmail.hint")} />
      <TextArea meta={fields.reason} label="bureauLabs.reason" hint={t("bureauLabs.reason.hint")} />
      <div className="button-row">
        <button type="submit" name="decision" value="approve" className="button button--primary">
          {t("bureauLabs.approve")}
        </button>
        <button type="submit" name="decision" value="reject" className="button button--danger">
          {t("bureauLabs.reject")}
        </button>
      </div>
    </Form>
  );
}

export function ApplicationsTable({ applications, admin }: { applications: ApplicationRow[]; admin: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="application-list">
      {applications.map((a) => (
        <article key={a.id} className="application" aria-labelledby={`application-${a.id}`}>
          <h3 id={`application-${a.id}`}>
            {localName(a, locale)} <span className="tag">{t(`apply.status.${a.status}` as MessageKey)}</span>
          </h3>
          <dl className="facts facts--compact">
            <div>
              <dt>{t("bureauLabs.col.organisation")}</dt>
              <dd>{localName(a.organisation, locale)}</dd>
            </div>
            <div>
              <dt>{t("bureauLabs.col.district")}</dt>
              <dd>
                {localName(a.district, locale)} · {a.address_zh}
              </dd>
            </div>
            <div>
              <dt>{t("bureauLabs.col.accreditations")}</dt>
              <dd>{a.accreditations || "—"}</dd>
            </div>
            <div>
              <dt>{t("bureauLabs.col.applicant")}</dt>
              <dd>{a.applicant || "—"}</dd>
            </div>
            <div>
              <dt>{t("bureauLabs.col.contact")}</dt>
              <dd>{[a.contact_name, a.contact_phone, a.contact_email].filter(Boolean).join(" · ")}</dd>
            </div>
            <div>
              <dt>{t("bureauLabs.col.submitted")}</dt>
              <dd>{formatDateTime(a.created_at, locale)}</dd>
            </div>
            {a.decision_reason ? (
              <div>
                <dt>{t("bureauLabs.col.reason")}</dt>
                <dd>{a.decision_reason}</dd>
              </div>
            ) : null}
          </dl>
          {admin && a.status === "pending" ? <DecisionForm application={a} /> : null}
        </article>
      ))}
    </div>
  );
}

export interface LabRow extends Named {
  id: string;
  name_en: string;
  status: "pending" | "approved" | "suspended";
  organisation: Named | null;
  district: Named | null;
  instruments: number;
  managers: string[];
}

function AssignForm({ lab }: { lab: LabRow }) {
  const t = useT();
  const [form, fields] = useConformForm(assignManagerSchema, useReplyFor("assign", lab.id));
  return (
    <Form method="post" {...getFormProps(form)} id={`assign-${lab.id}`} className="form form--inline">
      <FormErrors form={form} />
      <input type="hidden" name="intent" value="assign" />
      <input type="hidden" name="labId" value={lab.id} />
      <Field meta={fields.email} label="bureauLabs.assign.email" type="email" />
      <SubmitButton className="button button--secondary">{t("bureauLabs.assign")}</SubmitButton>
    </Form>
  );
}

export function LabsTable({ labs, admin }: { labs: LabRow[]; admin: boolean }) {
  const t = useT();
  const locale = useLocale();
  return (
    <DataTable
      caption={t("bureauLabs.labs")}
      rows={labs}
      rowKey={(lab) => lab.id}
      columns={[
        { id: "lab", header: t("bureauLabs.col.lab"), title: true, cell: (lab) => <Link to={`/bureau/labs/${lab.id}`}>{localName(lab, locale)}</Link> },
        { id: "organisation", header: t("bureauLabs.col.organisation"), cell: (lab) => localName(lab.organisation, locale) },
        { id: "district", header: t("bureauLabs.col.district"), cell: (lab) => localName(lab.district, locale) },
        { id: "instruments", header: t("bureauLabs.col.instruments"), align: "num", cell: (lab) => lab.instruments },
        { id: "status", header: t("bureauLabs.col.status"), cell: (lab) => <span className={`tag tag--${lab.status}`}>{t(`lab.status.${lab.status}`)}</span> },
        {
          id: "managers",
          header: t("bureauLabs.col.managers"),
          cell: (lab) => (
            <>
              {lab.managers.length > 0 ? lab.managers.join("、") : <span className="muted">{t("bureauLabs.noManager")}</span>}
              {admin ? <AssignForm lab={lab} /> : null}
            </>
          ),
        },
        {
          id: "actions",
          header: t("bureauLabs.col.action"),
          cell: (lab) =>
            admin && lab.status !== "pending" ? (
              <Link to={`/bureau/labs/${lab.id}`}>{t(lab.status === "suspended" ? "bureauLabs.reinstate" : "bureauLabs.suspend")}</Link>
            ) : (
              "—"
            ),
        },
      ]}
    />
  );
}

export interface AuditRow {
  id: string;
  action: string;
  actor: string;
  reason: string | null;
  created_at: string;
  subject: Named | null;
}

export function AuditTable({ events }: { events: AuditRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <DataTable
      caption={t("bureauLabs.audit")}
      rows={events}
      rowKey={(e) => e.id}
      columns={[
        { id: "when", header: t("bureauLabs.col.when"), title: true, cell: (e) => formatDateTime(e.created_at, locale) },
        { id: "who", header: t("bureauLabs.col.who"), cell: (e) => e.actor || "—" },
        { id: "action", header: t("bureauLabs.col.action"), cell: (e) => t(`adminAction.${e.action}` as MessageKey) },
        { id: "subject", header: t("bureauLabs.col.subject"), cell: (e) => (e.subject ? localName(e.subject, locale) : "—") },
        { id: "reason", header: t("bureauLabs.col.reason"), cell: (e) => e.reason ?? "—" },
      ]}
    />
  );
}
