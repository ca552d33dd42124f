// One instrument in the catalogue's results: names in both languages, lab, district, category,
// service modes and rules as tags, and both rates.
import { Link } from "@remix-run/react";
import type { CatalogueItem } from "~/lib/catalogue/catalogue.server";
import { formatPrice, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";

export function InstrumentCard({ item }: { item: CatalogueItem }) {
  const t = useT();
  const locale = useLocale();
  const other = locale === "en" ? item.name_zh : item.name_en;
  return (
    <li className="instrument-card">
      <div className="instrument-card__main">
        <h3>
          <Link to={`/instruments/${item.id}`}>{localName(item, locale)}</Link>
        </h3>
        <p className="instrument-card__sub muted">
          {other} · {[item.manufacturer, item.model].filter(Boolean).join(" ")}
        </p>
        <p className="instrument-card__meta">
          {localName(item.labs, locale)}
          {item.labs.district ? ` · ${localName(item.labs.district, locale)}` : ""}
          {item.category ? ` · ${localName(item.category, locale)}` : ""}
        </p>
        <p className="tags">
          {item.service_modes.map((m) => (
            <span key={m} className="tag">
              {t(`mode.${m}`)}
            </span>
          ))}
          <span className="tag tag--soft">{item.requires_approval ? t("catalogue.item.approval") : t("catalogue.item.instant")}</span>
          {item.labs.accreditations.map((a) => (
            <span key={a} className="tag tag--outline">
              {a}
            </span>
          ))}
          {item.status === "maintenance" ? <span className="tag tag--warning">{t("catalogue.item.maintenance")}</span> : null}
        </p>
      </div>
      <dl className="instrument-card__price">
        <dt>{t("catalogue.item.smeRate")}</dt>
        <dd className="price">{t("price.perHour", { price: formatPrice(Number(item.sme_rate_cny), locale) })}</dd>
        <dt>{t("catalogue.item.rate")}</dt>
        <dd>{t("price.perHour", { price: formatPrice(Number(item.hourly_rate_cny), locale) })}</dd>
      </dl>
    </li>
  );
}
