// Filters as a GET form: every choice lands in the URL, so a filtered list can be bookmarked,
// shared and used without JavaScript. `FilterSelect` is one labelled select with an "any" choice.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { useT } from "~/lib/i18n/react";

export function FilterBar({
  action,
  label,
  children,
  className,
  formKey,
}: {
  action: string;
  /** The form's accessible name. */
  label: string;
  children: ReactNode;
  className?: string;
  /** Remounts the fields when the URL changes (a link that clears the filters empties them too). */
  formKey?: string;
}) {
  return (
    <Form key={formKey} method="get" action={action} className={className ?? "panel filters"} aria-label={label}>
      {children}
    </Form>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

export function FilterSelect({
  name,
  label,
  value,
  options,
  includeAny = true,
  children,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: FilterOption[];
  /** Offer an empty "any" choice first. */
  includeAny?: boolean;
  /** Extra options (e.g. optgroups) after the plain ones. */
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        {includeAny ? <option value="">{t("filter.any")}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
    </div>
  );
}
