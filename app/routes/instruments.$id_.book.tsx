import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { BookingRules } from "~/components/bookings/booking-rules";
import { GeneralErrorBoundary } from "~/components/ui/error-boundary";
import { getFormProps } from "@conform-to/react";
import { Field, FormAlert, FormErrors, RadioGroup, SelectField, SubmitButton, TextArea, useConformForm } from "~/components/ui/forms";
import { requireUser } from "~/lib/auth/auth.server";
import { estimateBookingCost } from "~/lib/bookings/cost";
import { getBookingOrganisation, getOwnAuthorisation, requestBooking } from "~/lib/bookings/bookings.server";
import { formatDay, formatDuration, formatPrice, formatTime, localName } from "~/lib/i18n/format";
import { shanghaiDate } from "~/lib/time/shanghai";
import { redirectWithHeaders } from "~/lib/platform/http.server";
import { useLocale, useT } from "~/lib/i18n/react";
import { checkSlot, FREE_SLOT_DAYS, getFreeSlots, getInstrument } from "~/lib/instruments/instrument.server";
import { pageMeta } from "~/lib/platform/meta";
import { getOwnProfile } from "~/lib/account/profile.server";
import { lengthsThatFit } from "~/lib/bookings/slot-lengths";
import { bookingRequestSchema, slotQuerySchema } from "~/lib/bookings/schemas";
import { parseSubmission, replyTo } from "~/lib/forms/submission";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "book.meta.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { supabase, headers, user } = await requireUser(request);
  const instrument = await getInstrument(supabase, params.id ?? "");
  if (!instrument) throw new Response("Not found", { status: 404, headers });
  const [slots, organisation, profile, authorisation] = await Promise.all([
    instrument.status === "active" ? getFreeSlots(supabase, instrument) : Promise.resolve([]),
    getBookingOrganisation(supabase, user.id),
    getOwnProfile(supabase, user.id),
    getOwnAuthorisation(supabase, instrument.id, user.id),
  ]);
  // Self-operation of an instrument that requires it needs the lab's authorisation: say so at the
  // choice instead of letting the engine refuse after submitting.
  const selfOperation: "allowed" | "missing" | "expired" =
    !instrument.requires_authorisation || (authorisation && !authorisation.expired)
      ? "allowed"
      : authorisation
        ? "expired"
        : "missing";
  const rules = {
    slotMinutes: instrument.slot_minutes,
    minMinutes: instrument.min_booking_minutes,
    maxMinutes: instrument.max_booking_minutes,
  };
  // A time chosen on the instrument page (a listed slot, or a longer range in the calendar).
  const query = slotQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  let chosen: { start: string; minutes: number } | null = null;
  let chosenFree = false;
  let confirmed: { start: string; minutes: number } | null = null;
  if (query.success) {
    const start = new Date(query.data.start).toISOString();
    const minutes = Math.round((Date.parse(query.data.end) - Date.parse(start)) / 60_000);
    chosen = { start, minutes };
    const freeStarts = new Set(slots.map((slot) => Date.parse(slot.startsAt)));
    chosenFree = lengthsThatFit(freeStarts, Date.parse(start), rules).includes(minutes);
    if (!chosenFree) {
      // Beyond the listed days: ask the engine whether exactly that booking would fit.
      chosenFree = (await checkSlot(supabase, instrument, query.data.start, query.data.end)) !== null;
      if (chosenFree) confirmed = chosen;
    }
  }
  return json(
    {
      instrument: {
        id: instrument.id,
        name_zh: instrument.name_zh,
        name_en: instrument.name_en,
        service_modes: instrument.service_modes,
        requires_approval: instrument.requires_approval,
        active: instrument.status === "active",
        requires_authorisation: instrument.requires_authorisation,
        slot_minutes: instrument.slot_minutes,
        min_booking_minutes: instrument.min_booking_minutes,
        max_booking_minutes: instrument.max_booking_minutes,
        lead_time_hours: instrument.lead_time_hours,
        max_advance_days: instrument.max_advance_days,
        cancellation_deadline_hours: instrument.cancellation_deadline_hours,
        hourly_rate_cny: Number(instrument.hourly_rate_cny),
        sme_rate_cny: Number(instrument.sme_rate_cny),
      },
      rules,
      selfOperation,
      now: Date.now(),
      starts: slots.map((slot) => slot.startsAt),
      confirmed,
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
  const { instrument, rules, selfOperation, now, starts, confirmed, chosen, chosenFree, organisation, phone, days } =
    useLoaderData<typeof loader>();
  const modeAllowed = (mode: string) => mode !== "self_operation" || selfOperation === "allowed";
  const data = useActionData<typeof action>();
  const [form, fields] = useConformForm(bookingRequestSchema, data?.result, {
    defaultValue: { serviceMode: instrument.service_modes.find(modeAllowed) ?? instrument.service_modes[0], contactPhone: phone },
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
  const sent = data?.result.initialValue;
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
  const estimate = start
    ? estimateBookingCost({
        hourlyRateCny: instrument.hourly_rate_cny,
        smeRateCny: instrument.sme_rate_cny,
        organisationKind: organisation?.kind,
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
      {chosen && !chosenFree && !data ? <FormAlert message="book.slot.chosenTaken" /> : null}

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
            note: modeAllowed(mode) ? undefined : t(selfOperation === "expired" ? "book.selfOperation.expired" : "book.selfOperation.missing"),
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
          <p className="muted small">
            {organisation
              ? t(estimate?.smeRate ? "book.cost.sme" : "book.cost.standard", { organisation: localName(organisation, locale) })
              : t("book.cost.noOrganisation")}{" "}
            {t("book.cost.note")}
          </p>
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

export { GeneralErrorBoundary as ErrorBoundary };
