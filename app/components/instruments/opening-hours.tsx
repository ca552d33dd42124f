// Weekly opening hours, Monday to Sunday, in Shanghai time.
import { Facts } from "~/components/ui/facts";
import { useT } from "~/lib/i18n/react";

export function OpeningHours({ rules }: { rules: { weekday: number; start_time: string; end_time: string }[] }) {
  const t = useT();
  if (rules.length === 0) return <p className="muted">{t("instrument.hours.none")}</p>;
  return (
    <Facts
      compact
      facts={([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => {
        const open = rules.filter((r) => r.weekday === weekday);
        return {
          label: t(`weekday.${weekday}`),
          value:
            open.length === 0
              ? t("instrument.hours.closed")
              : open.map((r) => (
                  <span key={r.start_time} className="nowrap">
                    {r.start_time.slice(0, 5)}–{r.end_time.slice(0, 5)}{" "}
                  </span>
                )),
        };
      })}
    />
  );
}
