// Booking on behalf of a registered user (a phone request): found by exact e-mail; the booking is
// theirs, checked by the engine's rules (book_on_behalf → the same checks as request_booking),
// confirmed at once, and they are e-mailed.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getFormProps } from "@conform-to/react";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { Field, FormErrors, RadioGroup, SelectField, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { parseSubmission, replyTo } from "~/lib/forms/submission";
import { localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import { bookOnBehalf, getLabCalendar } from "~/lib/labs/bookings.server";
import { requireCurrentLab } from "~/lib/labs/current-lab.server";
import { bookOnBehalfSchema } from "~/lib/labs/schemas";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { pageMeta } from "~/lib/platform/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "lab.book.meta.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const { supabase, headers, lab } = await requireCurrentLab(request);
  // The lab's instruments, from the calendar function (an empty one-hour window).
  const now = new Date();
  const calendar = await getLabCalendar(supabase, lab.id, now.toISOString(), new Date(now.getTime() + 60_000).toISOString(), null);
  const instruments = calendar.ok ? calendar.value.instruments.filter((i) => i.status === "active") : [];
  return json({ instruments }, { headers });
}

export async function action({ request }: ActionFunctionArgs) {
  const { supabase, headers } = await requireCurrentLab(request);
  const submission = parseSubmission(bookOnBehalfSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await bookOnBehalf(supabase, submission.value);
  if (!result.ok) {
    const { field, message, status } = result.error;
    const mapped =
      field === "email" ? "email" : field === "start" ? "start" : field === "minutes" ? "minutes" : field === "serviceMode" ? "serviceMode" : field === "purpose" ? "purpose" : "form";
    // The user's mistakes (a time the rules refuse, another lab's instrument, …) are a 400.
    return json({ result: replyTo(submission, { field: mapped, message }) }, { status: status >= 500 ? status : 400, headers });
  }
  return redirectWithHeaders(`/lab/bookings/${result.value.id}?notice=confirmed`, headers);
}

export default function LabBookOnBehalf() {
  const t = useT();
  const locale = useLocale();
  const { instruments } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(bookOnBehalfSchema, data?.result, { defaultValue: { minutes: "60", serviceMode: "sample_submission" } });
  return (
    <div className="page-narrow">
      <header className="page-header">
        <h1>{t("lab.book.title")}</h1>
        <p className="muted">{t("lab.book.intro")}</p>
      </header>
      <FormErrors form={form} />
      <Form method="post" {...getFormProps(form)} className="form">
        <Field meta={fields.email} label="lab.book.email" type="email" hint={t("lab.book.email.hint")} autoComplete="off" />
        <SelectField
          meta={fields.instrumentId}
          label="lab.book.instrument"
          options={instruments.map((i) => ({ value: i.id, label: localName(i, locale) }))}
        />
        <Field meta={fields.start} label="lab.book.start" type="datetime-local" />
        <Field meta={fields.minutes} label="lab.book.minutes" type="number" min={15} step={15} />
        <RadioGroup
          meta={fields.serviceMode}
          legend="lab.book.mode"
          options={[
            { value: "sample_submission", label: t("mode.sample_submission") },
            { value: "self_operation", label: t("mode.self_operation") },
          ]}
        />
        <TextArea meta={fields.purpose} label="lab.book.purpose" />
        <TextArea meta={fields.sampleDescription} label="lab.book.sample" />
        <Field meta={fields.contactPhone} label="lab.book.phone" type="tel" />
        <SubmitButton>{t("lab.book.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
