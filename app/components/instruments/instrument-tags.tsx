// The tags an instrument shows in the catalogue and on its page: service modes, whether requests
// need approval, accreditations of its lab (when given) and "under maintenance".
import type { ServiceMode } from "~/lib/platform/enums";
import { useT } from "~/lib/i18n/react";

export function InstrumentTags({
  serviceModes,
  requiresApproval,
  status,
  accreditations = [],
}: {
  serviceModes: ServiceMode[];
  requiresApproval: boolean;
  status: string;
  accreditations?: string[];
}) {
  const t = useT();
  return (
    <p className="tags">
      {serviceModes.map((m) => (
        <span key={m} className="tag">
          {t(`mode.${m}`)}
        </span>
      ))}
      <span className="tag tag--soft">{requiresApproval ? t("catalogue.item.approval") : t("catalogue.item.instant")}</span>
      {accreditations.map((a) => (
        <span key={a} className="tag tag--outline">
          {a}
        </span>
      ))}
      {status === "maintenance" ? <span className="tag tag--warning">{t("catalogue.item.maintenance")}</span> : null}
    </p>
  );
}
