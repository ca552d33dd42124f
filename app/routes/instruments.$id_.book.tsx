import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormAlert, FormErrors, RadioGroup, SelectField, SubmitButton, TextArea, useConformForm } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { estimateBookingCost } from "~/lib/booking-cost";
import { getBookingOrganisation, requestBooking } from "~/lib/bookings.server";
import { formatDay, formatPrice, formatTime, localName } from "~/lib/format";
import { redirectWithHeaders } from "~/lib/http.server";
import { useLocale, useT } from "~/lib/i18n-react";
import { checkSlot, FREE_SLOT_DAYS, getFreeSlots, getInstrument } from "~/lib/instrument.server";
import { pageMeta } from "~/lib/meta";
import { getOwnProfile } from "~/lib/profile.server";
import { bookingRequestSchema, parseSubmission, replyTo, slotQuerySchema, slotValue } from "~/lib/validation";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "book.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const instrument = await getInstrument(supabase, params.id ?? "");
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  const [slots, organisation, profile] = await Promise.all([
    instrument.status === "active" ? getFreeSlots(supabase, instrument) : Promise.resolve([]),
    getBookingOrganisation(supabase, user.id),
    getOwnProfile(supabase, user.id),
  ]);
  const query = slotQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const chosen = query.success ? slotValue(query.data.start, query.data.end) : null;
  let chosenFree = chosen !== null && slots.some((s) => slotValue(s.startsAt, s.endsAt) === chosen);
  let extraSlot: { startsAt: string; endsAt: string } | null = null;
  if (query.success && chosen && !chosenFree) {
    // A longer time chosen in the calendar: ask the engine whether exactly that booking would fit.
    extraSlot = await checkSlot(supabase, instrument, query.data.start, query.data.end);
    chosenFree = extraSlot !== null;
  }
  return json(
    {
      instrument: {
        id: instrument.id,
        name_zh: instrument.name_zh,
        name_en: instrument.name_en,
        service_modes: instrument.service_modes,
        requires_approval: instrument.requires_approval,
        hourly_rate_cny: Number(instrument.hourly_rate_cny),
        sme_rate_cny: Number(instrument.sme_rate_cny),
      },
      slots: extraSlot ? [extraSlot, ...slots] : slots,
      chosen,
      chosenFree,
      organisation,
      phone: profile?.phone ?? "",
      days: FREE_SLOT_DAYS,
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const instrumentId = params.id ?? "";
  const submission = parseSubmission(bookingRequestSchema, await request.formData());
  if (submission.status !== "success") return json({ result: replyTo(submission) }, { status: 400, headers });
  const result = await requestBooking(supabase, instrumentId, submission.value);
  if (!result.ok) {
    // Every engine code has its field (or the whole form) and a translated message.
    const { status, ...error } = result.error;
    return json({ result: replyTo(submission, error) }, { status, headers });
  }
  return redirectWithHeaders(`/bookings/${result.value.id}?notice=${result.value.status}`, headers);
}

export default function BookInstrument() {
  const t = useT();
  const locale = useLocale();
  const { instrument, slots, chosen, chosenFree, organisation, phone, days } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const firstSlot = slots[0] ? slotValue(slots[0].startsAt, slots[0].endsAt) : "";
  const [form, fields] = useConformForm(bookingRequestSchema, data?.result, {
    defaultValue: { serviceMode: instrument.service_modes[0], contactPhone: phone },
  });
  // The chosen slot drives the cost estimate, so the select is controlled; a refilled form
  // (server reply without JavaScript) keeps what was sent.
  const sentSlot = data?.result.initialValue?.slot;
  const [slot, setSlot] = useState<string>(
    typeof sentSlot === "string" ? sentSlot : chosenFree && chosen ? chosen : firstSlot,
  );
  const [start, end] = slot.split("/");
  const estimate = slot
    ? estimateBookingCost({
        hourlyRateCny: instrument.hourly_rate_cny,
        smeRateCny: instrument.sme_rate_cny,
        organisationKind: organisation?.kind,
        startsAt: start,
        endsAt: end,
      })
    : null;

  return (
    <div className="page-narrow">
      <p className="breadcrumb">
        <Link to={`/instruments/${instrument.id}`}>← {t("book.back")}</Link>
      </p>
      <h1>{t("book.title", { name: localName(instrument, locale) })}</h1>
      <p className="muted">{t("book.intro")}</p>
      <div className="alert alert--info">{instrument.requires_approval ? t("book.approvalNote") : t("book.instantNote")}</div>
      <FormErrors form={form} />
      {chosen && !chosenFree && !data ? <FormAlert message="book.slot.chosenTaken" /> : null}

      <Form method="post" {...getFormProps(form)} className="form panel">
        <SelectField
          meta={fields.slot}
          label="book.slot"
          value={slot}
          onChange={setSlot}
          empty={<p className="muted">{t("book.slot.none")}</p>}
          hint={t("book.slot.hint", { days })}
          options={slots.map((s) => ({
            value: slotValue(s.startsAt, s.endsAt),
            label: `${formatDay(s.startsAt, locale)} ${formatTime(s.startsAt, locale)}–${formatTime(s.endsAt, locale)}`,
          }))}
        />

        <RadioGroup
          meta={fields.serviceMode}
          legend="book.serviceMode"
          options={instrument.service_modes.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
        />

        <TextArea meta={fields.purpose} label="book.purpose" hint={t("book.purpose.hint")} />
        <TextArea meta={fields.sampleDescription} label="book.sampleDescription" />
        <Field
          meta={fields.contactPhone}
          label="book.contactPhone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          hint={t("field.phone.hint")}
        />

        <section className="estimate" aria-labelledby="estimate-title" aria-live="polite">
          <h2 id="estimate-title">{t("book.cost")}</h2>
          {estimate ? (
            <p className="estimate__value">
              {t("book.cost.body", {
                hours: Number(estimate.hours.toFixed(2)),
                rate: formatPrice(estimate.rateCny, locale),
                cost: formatPrice(estimate.costCny, locale),
              })}
            </p>
          ) : null}
          <p className="muted small">
            {organisation
              ? t(estimate?.smeRate ? "book.cost.sme" : "book.cost.standard", { organisation: localName(organisation, locale) })
              : t("book.cost.noOrganisation")}{" "}
            {t("book.cost.note")}
          </p>
        </section>

        <SubmitButton>{t("book.submit")}</SubmitButton>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary };
