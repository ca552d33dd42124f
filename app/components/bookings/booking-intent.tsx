import { formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { BookingIntent } from "~/lib/bookings/intent.server";

/** "Sign in to finish booking X on 12月1日 10:00–11:00; the time you chose is kept." */
export function BookingIntentNotice({ intent }: { intent: BookingIntent | null }) {
  const t = useT();
  const locale = useLocale();
  if (!intent) return null;
  const name = localName(intent.instrument, locale);
  return (
    <p className="alert alert--info">
      {intent.startsAt && intent.endsAt
        ? t("login.intent.slot", { name, time: formatRange(intent.startsAt, intent.endsAt, locale) })
        : t("login.intent", { name })}
    </p>
  );
}
