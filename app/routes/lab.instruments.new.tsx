// A manager publishes a new instrument of the current lab: every field in zh and en. Then the
// photo and the opening hours (the next steps link from the saved instrument).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { InstrumentFormView } from "~/components/lab/instrument-form";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { useConformForm } from "~/components/ui/forms";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { useT } from "~/lib/i18n/react";
import { instrumentFormSchema, NEW_INSTRUMENT_DEFAULTS } from "~/lib/instruments/instrument-form";
import { createInstrument, getReference } from "~/lib/instruments/lab-instruments.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "labInstruments.new.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers } = await requireCurrentLab(request, "manager");
  return json({ reference: await getReference(supabase) }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request, "manager");
  const submission = parseSubmission(instrumentFormSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await createInstrument(supabase, lab.id, submission.value);
  if (!result.ok) return json({ result: replyTo(submission, result) }, { status: result.status, headers });
  return redirectWithHeaders(`/lab/instruments/${result.value}/photo?created=1`, headers);
}

export default function NewInstrument() {
  const t = useT();
  const { reference } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(instrumentFormSchema, data?.result, { defaultValue: NEW_INSTRUMENT_DEFAULTS as never });
  return (
    <div>
      <header className="page-header">
        <h1>{t("labInstruments.new.title")}</h1>
        <p className="muted">{t("labInstruments.new.intro")}</p>
      </header>
      <InstrumentFormView form={form} fields={fields as never} reference={reference} manager submitLabel="labInstruments.new.submit" />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
