// The catalogue's filter form: keyword, category (two levels), district, chain, lab, service mode,
// accreditation, maximum price, "free for N hours between A and B", and the sort.
import { Link, useLocation } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/ui/filter-bar";
import type { CatalogueFormOptions } from "~/lib/catalogue/catalogue.server";
import { FREE_HOURS_MAX, FREE_HOURS_MIN, hasActiveFilters, QUERY_MAX, SORTS, type CatalogueFilters } from "~/lib/catalogue/filters";
import { useT } from "~/lib/i18n/react";
import { SERVICE_MODES } from "~/lib/platform/enums";

export function CatalogueFilterForm({
  filters,
  options,
  queryIssue,
}: {
  filters: CatalogueFilters;
  /** Named in the reader's language. */
  options: CatalogueFormOptions;
  /** Why the keyword searched differs from the one sent. */
  queryIssue?: "controlCharacters" | null;
}) {
  const t = useT();
  // The fields show the URL's choices: a new URL (clear all, a link) remounts them.
  const { search } = useLocation();
  const topCategories = options.categories.filter((c) => c.parent === null);
  return (
    <FilterBar action="/instruments" label={t("catalogue.filters")} formKey={search}>
      <div className={queryIssue ? "field field--invalid" : "field"}>
        <label htmlFor="q">{t("catalogue.search.label")}</label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={filters.q}
          maxLength={QUERY_MAX}
          placeholder={t("catalogue.search.placeholder")}
          aria-invalid={queryIssue ? true : undefined}
          aria-describedby={queryIssue ? "q-error" : undefined}
        />
        {queryIssue ? (
          <ul id="q-error" className="field-errors">
            <li>{t("validation.controlCharacters")}</li>
          </ul>
        ) : null}
      </div>
      <FilterSelect name="category" label={t("catalogue.filter.category")} value={filters.category} options={[]}>
        {topCategories.map((top) => (
          <optgroup key={top.code} label={top.name}>
            <option value={top.code}>
              {top.name} · {t("filter.any")}
            </option>
            {options.categories
              .filter((c) => c.parent === top.code)
              .map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
          </optgroup>
        ))}
      </FilterSelect>
      <FilterSelect
        name="district"
        label={t("catalogue.filter.district")}
        value={filters.district}
        options={options.districts.map((d) => ({ value: d.code, label: d.name }))}
      />
      <FilterSelect
        name="chain"
        label={t("catalogue.filter.chain")}
        value={filters.chain}
        options={options.chains.map((c) => ({ value: c.code, label: c.name }))}
      />
      <FilterSelect
        name="lab"
        label={t("catalogue.filter.lab")}
        value={filters.lab}
        options={options.labs.map((l) => ({ value: l.id, label: l.name }))}
      />
      <FilterSelect
        name="mode"
        label={t("catalogue.filter.mode")}
        value={filters.mode}
        options={SERVICE_MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
      />
      <FilterSelect
        name="accreditation"
        label={t("catalogue.filter.accreditation")}
        value={filters.accreditation}
        options={options.accreditations.map((a) => ({ value: a, label: a }))}
      />
      <div className="field">
        <label htmlFor="maxPrice">{t("catalogue.filter.maxPrice")}</label>
        <input id="maxPrice" name="maxPrice" type="number" min={0} step={10} inputMode="numeric" defaultValue={filters.maxPrice ?? ""} />
      </div>
      <fieldset className="fieldset filters__free">
        <legend>{t("catalogue.free.legend")}</legend>
        <p className="muted" id="free-hint">
          {t("catalogue.free.hint")}
        </p>
        <div className="field">
          <label htmlFor="freeFrom">{t("catalogue.free.from")}</label>
          <input id="freeFrom" name="freeFrom" type="datetime-local" step={60} aria-describedby="free-hint" defaultValue={filters.freeFrom ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="freeTo">{t("catalogue.free.to")}</label>
          <input id="freeTo" name="freeTo" type="datetime-local" step={60} aria-describedby="free-hint" defaultValue={filters.freeTo ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="hours">{t("catalogue.free.hours")}</label>
          <input
            id="hours"
            name="hours"
            type="number"
            min={FREE_HOURS_MIN}
            max={FREE_HOURS_MAX}
            step={0.5}
            inputMode="decimal"
            defaultValue={filters.hours ?? ""}
          />
        </div>
      </fieldset>
      <FilterSelect
        name="sort"
        label={t("catalogue.sort.label")}
        value={filters.sort}
        includeAny={false}
        options={SORTS.map((s) => ({ value: s, label: t(`catalogue.sort.${s}`) }))}
      />
      <button type="submit" className="button button--primary">
        {t("catalogue.filter.apply")}
      </button>
      {hasActiveFilters(filters) ? (
        <Link to="/instruments" className="filters__clear">
          {t("catalogue.filter.clear")}
        </Link>
      ) : null}
    </FilterBar>
  );
}
