// One instrument in the catalogue's results: names in both languages, lab, district, category,
// service modes and rules as tags, and both rates.
import { Link } from "@remix-run/react";
import { InstrumentTags } from "~/components/instruments/instrument-tags";
import type { CatalogueItem } from "~/lib/catalogue/catalogue.server";
import { formatPrice, localName } from "~/lib/i18n/format";
import { useLocale, useT } from "~/lib/i18n/react";

export function InstrumentCard({ item }: { item: CatalogueItem }) {
  const t = useT();
  const locale = useLocale();
  const other = locale === "en" ? item.name_zh : item.name_en;
  return (
    <li className="instrument-card">
      {item.photo ? <img className="instrument-card__photo" src={item.photo} alt="" width={96} height={72} loading="lazy" /> : null}
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
        <InstrumentTags
          serviceModes={item.service_modes}
          requiresApproval={item.requires_approval}
          status={item.status}
          accreditations={item.labs.accreditations}
        />
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
