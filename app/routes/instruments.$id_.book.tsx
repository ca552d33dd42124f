import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormAlert, SubmitButton, TextArea, useFormValidation } from "~/components/forms";
import { requireUser } from "~/lib/auth.server";
import { estimateBookingCost } from "~/lib/booking-cost";
import { getBookingOrganisation, requestBooking } from "~/lib/bookings.server";
import { formatDay, formatPrice, formatTime, localName } from "~/lib/format";
import { redirectWithHeaders } from "~/lib/http.server";
import type { MessageKey } from "~/lib/i18n";
import { useLocale, useT } from "~/lib/i18n-react";
import { checkSlot, FREE_SLOT_DAYS, getFreeSlots, getInstrument } from "~/lib/instrument.server";
import { pageMeta } from "~/lib/meta";
import { getOwnProfile } from "~/lib/profile.server";
import {
  bookingRequestSchema,
  parseForm,
  PURPOSE_MAX,
  SAMPLE_MAX,
  slotQuerySchema,
  slotValue,
  type FieldErrors,
} from "~/lib/validation";

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

interface ActionData {
  errors: FieldErrors | null;
  formError: MessageKey | null;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { supabase, headers } = await requireUser(request);
  const instrumentId = params.id ?? "";
  const parsed = parseForm(bookingRequestSchema, await request.formData());
  if (!parsed.success) return json<ActionData>({ errors: parsed.errors, formError: null }, { status: 400, headers });
  const result = await requestBooking(supabase, instrumentId, parsed.data);
  if (!result.ok) {
    const { field, message, status } = result.error;
    return json<ActionData>(
      field === "form" ? { errors: null, formError: message } : { errors: { [field]: [{ message }] }, formError: null },
      { status, headers },
    );
  }
  return redirectWithHeaders(`/bookings/${result.value.id}?notice=${result.value.status}`, headers);
}

export default function BookInstrument() {
  const t = useT();
  const locale = useLocale();
  const { instrument, slots, chosen, chosenFree, organisation, phone, days } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const { errors, onSubmit } = useFormValidation(bookingRequestSchema, data?.errors ?? undefined);
  const [slot, setSlot] = useState<string>(chosenFree && chosen ? chosen : (slots[0] ? slotValue(slots[0].startsAt, slots[0].endsAt) : ""));
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
  const slotIssues = errors.slot ?? (chosen && !chosenFree && !data ? [{ message: "book.slot.chosenTaken" as const }] : undefined);

  return (
    <div className="page-narrow">
      <p className="breadcrumb">
        <Link to={`/instruments/${instrument.id}`}>← {t("book.back")}</Link>
      </p>
      <h1>{t("book.title", { name: localName(instrument, locale) })}</h1>
      <p className="muted">{t("book.intro")}</p>
      <div className="alert alert--info">{instrument.requires_approval ? t("book.approvalNote") : t("book.instantNote")}</div>
      <FormAlert message={data?.formError} />

      <Form method="post" noValidate onSubmit={onSubmit} className="form panel">
        <div className={slotIssues ? "field field--invalid" : "field"}>
          <label htmlFor="slot">{t("book.slot")}</label>
          {slots.length === 0 ? <p className="muted">{t("book.slot.none")}</p> : null}
          <select
            id="slot"
            name="slot"
            value={slot}
            onChange={(event) => setSlot(event.currentTarget.value)}
            aria-invalid={slotIssues ? true : undefined}
            aria-describedby={["slot-hint", slotIssues ? "slot-error" : ""].filter(Boolean).join(" ")}
            required
          >
            {slots.length === 0 ? <option value="">—</option> : null}
            {slots.map((s) => (
              <option key={s.startsAt} value={slotValue(s.startsAt, s.endsAt)}>
                {formatDay(s.startsAt, locale)} {formatTime(s.startsAt, locale)}–{formatTime(s.endsAt, locale)}
              </option>
            ))}
          </select>
          <p id="slot-hint" className="field-hint">
            {t("book.slot.hint", { days })}
          </p>
          <ErrorList id="slot-error" issues={slotIssues} />
        </div>

        <fieldset className={errors.serviceMode ? "field field--invalid fieldset" : "field fieldset"}>
          <legend>{t("book.serviceMode")}</legend>
          {instrument.service_modes.map((mode, index) => (
            <label key={mode} className="choice">
              <input type="radio" name="serviceMode" value={mode} defaultChecked={index === 0} />
              {t(`mode.${mode}`)}
            </label>
          ))}
          <ErrorList id="serviceMode-error" issues={errors.serviceMode} />
        </fieldset>

        <TextArea
          name="purpose"
          label="book.purpose"
          required
          maxLength={PURPOSE_MAX}
          hint={t("book.purpose.hint")}
          issues={errors.purpose}
        />
        <TextArea name="sampleDescription" label="book.sampleDescription" maxLength={SAMPLE_MAX} issues={errors.sampleDescription} />
        <Field
          name="contactPhone"
          label="book.contactPhone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          maxLength={20}
          defaultValue={phone}
          hint={t("field.phone.hint")}
          issues={errors.contactPhone}
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
