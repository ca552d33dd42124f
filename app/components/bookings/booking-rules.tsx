// An instrument's booking rules in plain words: shown on the instrument page and, as a reminder,
// on the booking form.
import { formatDuration } from "~/lib/i18n/format";
import { useT } from "~/lib/i18n/react";

export interface BookingRulesInstrument {
  requires_approval: boolean;
  requires_authorisation: boolean;
  service_modes: string[];
  slot_minutes: number;
  min_booking_minutes: number;
  max_booking_minutes: number;
  lead_time_hours: number;
  max_advance_days: number;
  cancellation_deadline_hours: number;
}

export function BookingRules({ instrument }: { instrument: BookingRulesInstrument }) {
  const t = useT();
  return (
    <ul className="rules">
      <li>{instrument.requires_approval ? t("instrument.rules.approval") : t("instrument.rules.instant")}</li>
      <li>{t("instrument.rules.slot", { length: formatDuration(instrument.slot_minutes, t) })}</li>
      <li>
        {t("instrument.rules.length", {
          min: formatDuration(instrument.min_booking_minutes, t),
          max: formatDuration(instrument.max_booking_minutes, t),
        })}
      </li>
      <li>{t("instrument.rules.lead", { hours: instrument.lead_time_hours, days: instrument.max_advance_days })}</li>
      <li>{t("instrument.rules.cancel", { hours: instrument.cancellation_deadline_hours })}</li>
      {instrument.requires_authorisation && instrument.service_modes.includes("self_operation") ? (
        <li>{t("instrument.rules.authorisation")}</li>
      ) : null}
    </ul>
  );
}
