// Edit one of the lab's instruments. Managers change every field; technicians the catalogue text,
// category and chains (ADR 017: the database refuses the rest to them).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { InstrumentFormView } from "~/components/lab/instrument-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { FormAlert, useConformForm } from "~/components/ui/forms";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { formDefaults, instrumentFormSchema, technicianFormSchema } from "~/lib/instruments/instrument-form";
import { getLabInstrument, getReference, updateInstrument } from "~/lib/instruments/lab-instruments.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labInstruments.edit.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const [instrument, reference] = await Promise.all([getLabInstrument(supabase, lab.id, params.id ?? ""), getReference(supabase)]);
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  return json({ instrument, reference, manager: lab.role === "manager" }, { headers });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  const id = params.id ?? "";
  const formData = await request.formData();
  if (lab.role === "manager") {
    const submission = parseSubmission(instrumentFormSchema, formData);
    if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
    const result = await updateInstrument(supabase, lab.id, id, { role: "manager", value: submission.value });
    if (!result.ok) return json({ result: replyTo(submission, result) }, { status: result.status, headers });
  } else {
    const submission = parseSubmission(technicianFormSchema, formData);
    if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
    const result = await updateInstrument(supabase, lab.id, id, { role: "technician", value: submission.value });
    if (!result.ok) return json({ result: replyTo(submission, result) }, { status: result.status, headers });
  }
  return redirectWithHeaders(`/lab/instruments/${id}/edit?saved=1`, headers);
}

export default function EditInstrument() {
  const t = useT();
  const locale = useLocale();
  const { instrument, reference, manager } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useConformForm(manager ? instrumentFormSchema : technicianFormSchema, data?.result, {
    defaultValue: formDefaults(instrument) as never,
  });
  return (
    <div>
      <header className="page-header">
        <p className="breadcrumb">
          <Link to="/lab/instruments">{t("labInstruments.title")}</Link>
        </p>
        <h1>{t("labInstruments.edit.title", { name: localName(instrument, locale) })}</h1>
        <p className="row-links">
          <span className={`tag tag--status-${instrument.status}`}>{t(`labInstruments.status.${instrument.status}`)}</span>{" "}
          <Link to={`/lab/instruments/${instrument.id}/photo`}>{t("labInstruments.photo")}</Link>
          {" · "}
          <Link to={`/lab/instruments/${instrument.id}/hours`}>{t("labInstruments.hours")}</Link>
          {instrument.status !== "retired" ? (
            <>
              {" · "}
              <Link to={`/instruments/${instrument.id}`}>{t("labInstruments.publicPage")}</Link>
            </>
          ) : null}
        </p>
      </header>
      <FormAlert message={searchParams.get("saved") === "1" && !data ? "labInstruments.saved" : null} tone="success" />
      <InstrumentFormView form={form} fields={fields as never} reference={reference} manager={manager} submitLabel="labInstruments.edit.submit" />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
