// A list of labelled facts (a description list laid out as a two-column grid). Facts whose value
// is null, undefined or false are left out, so callers pass optional facts inline.
import type { ReactNode } from "react";

export interface Fact {
  label: ReactNode;
  value: ReactNode;
  /** React key; defaults to the label when it is a string. */
  id?: string;
}

export function Facts({ facts, compact = false }: { facts: (Fact | null | undefined | false | "" | 0)[]; compact?: boolean }) {
  const shown = facts.filter((fact): fact is Fact => !!fact && fact.value != null && fact.value !== false);
  return (
    <dl className={compact ? "facts facts--compact" : "facts"}>
      {shown.map((fact, i) => (
        <div key={fact.id ?? (typeof fact.label === "string" ? fact.label : i)}>
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
