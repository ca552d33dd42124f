// Small pieces the lab workspace's pages share: the organisation with its SME tag, the
// authorisation state of a request, and the per-booking refusals of a batch decision.
import { formatRange, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import type { OrganisationKind } from "~/lib/platform/enums";

export function Organisation({ row }: { row: { organisation_name_zh: string; organisation_name_en: string | null; organisation_kind: OrganisationKind } }) {
  const t = useT();
  const locale = useLocale();
  return (
    <>
      {localName({ name_zh: row.organisation_name_zh, name_en: row.organisation_name_en }, locale)}{" "}
      <span className={row.organisation_kind === "sme" ? "tag" : "tag tag--outline"}>
        {t(row.organisation_kind === "sme" ? "lab.org.sme" : "lab.org.other")}
      </span>
    </>
  );
}

export function Authorisation({ row }: { row: { needs_authorisation: boolean; authorised: boolean } }) {
  const t = useT();
  if (!row.needs_authorisation) return <span className="muted">{t("lab.auth.notNeeded")}</span>;
  return row.authorised ? (
    <span className="tag">✓ {t("lab.auth.valid")}</span>
  ) : (
    <span className="tag tag--warning">✗ {t("lab.auth.missing")}</span>
  );
}

export interface BatchFailure {
  id: string;
  message: MessageKey;
}

/** Which bookings of a batch were refused, and why (announced as an alert). */
export function BatchFailures({
  failures,
  describe,
}: {
  failures: BatchFailure[] | undefined;
  /** What to call a booking (instrument and time), when the page still lists it. */
  describe: (id: string) => string | null;
}) {
  const t = useT();
  if (!failures || failures.length === 0) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p>{t("lab.batch.failed", { count: failures.length })}</p>
      <ul>
        {failures.map((failure) => (
          <li key={failure.id}>{t("lab.batch.item", { what: describe(failure.id) ?? failure.id, message: t(failure.message) })}</li>
        ))}
      </ul>
    </div>
  );
}

/** "X射线衍射仪 12月1日 周二 09:00–10:00" */
export function useDescribeBooking() {
  const locale = useLocale();
  return (row: { instrument_name_zh: string; instrument_name_en: string; starts_at: string; ends_at: string }) =>
    `${localName({ name_zh: row.instrument_name_zh, name_en: row.instrument_name_en }, locale)} ${formatRange(row.starts_at, row.ends_at, locale)}`;
}
