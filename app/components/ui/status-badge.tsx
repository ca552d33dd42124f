// A booking status as a coloured badge that always carries its text (colour is never the only cue).
import { useT } from "~/lib/i18n/react";

export type BookingStatusValue = "pending" | "confirmed" | "rejected" | "cancelled" | "completed" | "no_show";

export function StatusBadge({ status }: { status: BookingStatusValue }) {
  const t = useT();
  return <span className={`badge badge--${status}`}>{t(`status.${status}`)}</span>;
}
