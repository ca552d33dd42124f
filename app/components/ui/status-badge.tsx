// A booking status as a coloured badge that always carries its text (colour is never the only cue).
import { useT } from "~/lib/i18n/react";
import type { BookingStatus } from "~/lib/platform/enums";


export function StatusBadge({ status }: { status: BookingStatus }) {
  const t = useT();
  return <span className={`badge badge--${status}`}>{t(`status.${status}`)}</span>;
}
