// The booking form: a start from the free list and a length (only lengths still free after that
// start are offered), the service mode (self-operation only with an authorisation lasting until the
// booking ends), purpose, sample, phone, the cost estimate and the rules. The engine re-checks all.
import { getFormProps } from "@conform-to/react";
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { useMemo, useState } from "react";
import { BookingRules } from "~/components/bookings/booking-rules";
import { Field, FormAlert, FormErrors, RadioGroup, SelectField, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import type { loadBookingForm } from "~/lib/bookings/booking-form.server";
import { estimateBookingCost } from "~/lib/bookings/cost";
import { selfOperation, type SelfOperation } from "~/lib/bookings/rules";
import { bookingRequestSchema } from "~/lib/bookings/schemas";
import { lengthsThatFit } from "~/lib/bookings/slot-lengths";
import type { FormResult } from "~/lib/forms/submission";
import { formatDay, formatDuration, formatPrice, formatTime, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import type { RateBasis } from "~/lib/bookings/bookings.server";
import { shanghaiDate } from "~/lib/time/shanghai";

const RATE_MESSAGE: Record<RateBasis, MessageKey> = {
  sme: "book.cost.sme",
  standard: "book.cost.standard",
  sme_pending: "book.cost.smePending",
  sme_rejected: "book.cost.smeRejected",
};

export type BookingFormData = SerializeFrom<NonNullable<Awaited<ReturnType<typeof loadBookingForm>>>>;

export function BookingForm({ data: loaded, result }: { data: BookingFormData; result: FormResult | undefined }) {
  const t = useT();
  const locale = useLocale();
  const { instrument, rules, authorisation, now, starts, confirmed, chosen, chosenFree, organisation, rate, phone, days } = loaded;
  // Self-operation as of the chosen booking's end (an authorisation must last until then).
  const selfOperationAt = (endsAt: string | null) =>
    selfOperation(instrument.requires_authorisation, authorisation, endsAt, new Date(now));
  const [form, fields] = useConformForm(bookingRequestSchema, result, {
    defaultValue: {
      serviceMode: instrument.service_modes.find((mode) => mode !== "self_operation" || selfOperationAt(null) === "allowed") ?? instrument.service_modes[0],
      contactPhone: phone,
    },
  });

  // Start and length drive the lengths offered and the cost estimate, so both selects are
  // controlled. A form refilled by the server (no JavaScript) keeps what was sent.
  const freeStarts = useMemo(() => new Set(starts.map((start) => Date.parse(start))), [starts]);
  const startOptions = useMemo(
    () => (confirmed && !freeStarts.has(Date.parse(confirmed.start)) ? [confirmed.start, ...starts] : starts),
    [confirmed, freeStarts, starts],
  );
  const fitsAt = (value: string) =>
    value ? lengthsThatFit(freeStarts, Date.parse(value), rules, confirmed?.start === value ? confirmed.minutes : 0) : [];
  const sent = result?.initialValue;
  // A chosen time that is no longer free falls back to the first free start after it (the same
  // day when there is one), not to the first start in the list.
  const [start, setStart] = useState<string>(() =>
    typeof sent?.start === "string"
      ? sent.start
      : chosen && chosenFree
        ? chosen.start
        : ((chosen && startOptions.find((value) => Date.parse(value) >= Date.parse(chosen.start))) ?? startOptions[0] ?? ""),
  );
  const [minutes, setMinutes] = useState<number>(() =>
    typeof sent?.minutes === "string" ? Number(sent.minutes) : chosen && chosenFree ? chosen.minutes : rules.minMinutes,
  );
  const lengths = fitsAt(start);
  function chooseStart(value: string) {
    setStart(value);
    const fits = fitsAt(value);
    // Keep the length if it still fits, else the longest that does.
    if (!fits.includes(minutes)) setMinutes(fits.filter((m) => m <= minutes).at(-1) ?? fits[0] ?? rules.minMinutes);
  }
  // The end of a length: the time, with the day when it is another day (multi-day bookings).
  const endLabel = (from: string, length: number) => {
    const until = new Date(Date.parse(from) + length * 60_000);
    const time = formatTime(until, locale);
    return shanghaiDate(until) === shanghaiDate(from) ? time : `${formatDay(until, locale)} ${time}`;
  };
  const end = start ? new Date(Date.parse(start) + minutes * 60_000).toISOString() : "";
  const selfOperationNow = selfOperationAt(end || null);
  // This form with the chosen time, to come back to after joining or registering an organisation.
  const slotPath = start
    ? `/instruments/${instrument.id}/book?${new URLSearchParams({ start, end })}`
    : `/instruments/${instrument.id}/book`;
  const modeAllowed = (mode: string) => mode !== "self_operation" || selfOperationNow === "allowed";
  const estimate = start
    ? estimateBookingCost({
        rateCny: rate?.rateCny ?? instrument.hourly_rate_cny,
        startsAt: start,
        endsAt: end,
      })
    : null;

  if (!instrument.active) {
    // Under maintenance or retired: nothing to book, say so instead of showing a form.
    return (
      <div className="page-narrow">
        <p className="breadcrumb">
          <Link to={`/instruments/${instrument.id}`}>← {t("book.back")}</Link>
        </p>
        <h1>{t("book.title", { name: localName(instrument, locale) })}</h1>
        <p className="alert alert--info" role="status">
          {t("instrument.slots.unavailable")}
        </p>
      </div>
    );
  }

  return (
    <div className="page-narrow">
      <p className="breadcrumb">
        <Link to={`/instruments/${instrument.id}`}>← {t("book.back")}</Link>
      </p>
      <h1>{t("book.title", { name: localName(instrument, locale) })}</h1>
      <p className="muted">{t("book.intro")}</p>
      <div className="alert alert--info">{instrument.requires_approval ? t("book.approvalNote") : t("book.instantNote")}</div>
      <FormErrors form={form} />
      {organisation ? null : (
        <div className="alert alert--info" role="status">
          {t("book.organisation.needed")}{" "}
          <Link to={`/onboarding/organisation?next=${encodeURIComponent(slotPath)}`}>{t("book.organisation.link")}</Link>
        </div>
      )}
      {chosen && !chosenFree && !result ? <FormAlert message="book.slot.chosenTaken" /> : null}

      <Form method="post" {...getFormProps(form)} className="form panel">
        <SelectField
          meta={fields.start}
          label="book.start"
          value={start}
          onChange={chooseStart}
          empty={<p className="muted">{t("book.slot.none")}</p>}
          hint={t("book.start.hint", { days })}
          options={startOptions.map((value) => ({
            value,
            label: `${formatDay(value, locale)} ${formatTime(value, locale)}`,
            group: formatDay(value, locale),
          }))}
        />
        <SelectField
          meta={fields.minutes}
          label="book.duration"
          value={String(minutes)}
          onChange={(value) => setMinutes(Number(value))}
          hint={t("book.duration.hint", {
            min: formatDuration(rules.minMinutes, t),
            max: formatDuration(rules.maxMinutes, t),
            step: formatDuration(rules.slotMinutes, t),
          })}
          options={lengths.map((length) => ({
            value: String(length),
            label: t("book.duration.option", {
              duration: formatDuration(length, t),
              end: endLabel(start, length),
            }),
          }))}
        />

        {start && Date.parse(start) - now < instrument.cancellation_deadline_hours * 3_600_000 ? (
          <p className="alert alert--info" role="status">
            {t("book.lateCancel", { hours: instrument.cancellation_deadline_hours })}
          </p>
        ) : null}

        <RadioGroup
          meta={fields.serviceMode}
          legend="book.serviceMode"
          options={instrument.service_modes.map((mode) => ({
            value: mode,
            label: t(`mode.${mode}`),
            disabled: !modeAllowed(mode),
            note: modeAllowed(mode) ? undefined : t(`book.selfOperation.${selfOperationNow as Exclude<SelfOperation, "allowed">}`),
          }))}
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
          <p className="muted small" id="rate-basis">
            {organisation && rate ? t(RATE_MESSAGE[rate.basis], { organisation: localName(organisation, locale) }) : t("book.cost.noOrganisation")}{" "}
            {t("book.cost.note")}
          </p>
          {rate && (rate.basis === "sme_pending" || rate.basis === "sme_rejected") ? (
            <p className="small">
              <Link to="/account/organisation">{t("book.cost.smeWhatToDo")}</Link>
            </p>
          ) : null}
        </section>

        <section className="rules-reminder" aria-labelledby="rules-title">
          <h2 id="rules-title">{t("instrument.rules")}</h2>
          <BookingRules instrument={instrument} />
        </section>

        <SubmitButton>{t("book.submit")}</SubmitButton>
      </Form>
    </div>
  );
}
