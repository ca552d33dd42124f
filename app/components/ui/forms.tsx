// Form pieces on Conform + zod: one schema per form checks the fields in the browser (early
// feedback) and on the server (the real check); errors sit at their field with aria-invalid and
// aria-describedby, and the first invalid field takes focus. Without JavaScript the server check
// alone applies and the reply refills the form.
import {
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
} from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { useNavigation } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import type { z, ZodTypeAny } from "zod";
import { useT } from "~/lib/i18n/react";
import type { MessageKey } from "~/lib/i18n/translate";
import { parseSubmission, type FormIssues, type FormResult } from "~/lib/forms/submission";

/** A field of any of our forms: Conform's metadata with translatable issues as errors. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a field of any form schema
export type FieldMeta = FieldMetadata<any, any, FormIssues>;

/**
 * Conform's form state for a zod schema: validates on submit in the browser, then again on every
 * input once a field has been reported, and shows what the server's `lastResult` says.
 */
export function useConformForm<S extends ZodTypeAny>(
  schema: S,
  lastResult: FormResult | null | undefined,
  options: { defaultValue?: Partial<Record<keyof z.input<S>, string | null>> } = {},
) {
  return useForm<Record<keyof z.input<S> & string, unknown>, z.output<S>, FormIssues>({
    lastResult,
    defaultValue: options.defaultValue as never,
    constraint: getZodConstraint(schema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(schema, formData),
  });
}

export function ErrorList({ id, issues }: { id: string; issues: FormIssues | undefined }) {
  const t = useT();
  if (!issues || issues.length === 0) return null;
  return (
    <ul id={id} className="field-errors">
      {issues.map((issue) => (
        <li key={issue.message}>{t(issue.message, issue.params)}</li>
      ))}
    </ul>
  );
}

/** Wrapper, label, hint and error list around one control; errors sit at the field. */
function FieldShell({
  meta,
  label,
  hint,
  showOptional = true,
  children,
}: {
  meta: FieldMeta;
  label: MessageKey;
  hint?: ReactNode;
  /** Say "(optional)" after the label when the schema does not require the field. */
  showOptional?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  const invalid = Boolean(meta.errors?.length);
  return (
    <div className={invalid ? "field field--invalid" : "field"}>
      <label htmlFor={meta.id}>
        {t(label)}
        {meta.required || !showOptional ? null : <span className="field-optional"> ({t("form.optional")})</span>}
      </label>
      {children}
      {hint ? (
        <p id={meta.descriptionId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={meta.errorId} issues={meta.errors} />
    </div>
  );
}

type InputType = "text" | "email" | "password" | "tel" | "search" | "url" | "number" | "datetime-local";

interface FieldProps
  extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id" | "type" | "defaultValue" | "required" | "form"> {
  meta: FieldMeta;
  label: MessageKey;
  type?: InputType;
  hint?: ReactNode;
}

export function Field({ meta, label, type = "text", hint, ...inputProps }: FieldProps) {
  const { key, ...control } = getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined });
  return (
    <FieldShell meta={meta} label={label} hint={hint}>
      <input key={key} {...control} {...inputProps} />
    </FieldShell>
  );
}

/**
 * A multi-line field with the same labelling and error wiring as `Field`. Its length limit is a
 * counter, not `maxlength`: a browser would silently cut pasted text, the schema says it is too long.
 */
export function TextArea({ meta, label, hint }: { meta: FieldMeta; label: MessageKey; hint?: ReactNode }) {
  const t = useT();
  const { key, maxLength, ...control } = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
  const length = typeof meta.value === "string" ? meta.value.length : 0;
  return (
    <FieldShell meta={meta} label={label} hint={hint}>
      <textarea key={key} {...control} rows={4} />
      {maxLength ? (
        <p className={length > maxLength ? "field-count field-count--over" : "field-count"}>
          {t("form.count", { n: length, max: maxLength })}
        </p>
      ) : null}
    </FieldShell>
  );
}

interface SelectOption {
  value: string;
  label: string;
  lang?: string;
  group?: string;
}

function renderOptions(options: SelectOption[]): ReactNode[] {
  const nodes: ReactNode[] = [];
  for (let i = 0; i < options.length; ) {
    const group = options[i].group;
    let j = i;
    while (j < options.length && options[j].group === group) j++;
    const items = options.slice(i, j).map((option) => (
      <option key={option.value} value={option.value} lang={option.lang}>
        {option.label}
      </option>
    ));
    nodes.push(
      group === undefined ? (
        items
      ) : (
        <optgroup key={`${group}-${i}`} label={group}>
          {items}
        </optgroup>
      ),
    );
    i = j;
  }
  return nodes;
}

interface SelectFieldProps {
  meta: FieldMeta;
  label: MessageKey;
  /** Consecutive options with the same `group` are shown under one heading (an optgroup). */
  options: SelectOption[];
  hint?: ReactNode;
  /** Controlled value, for a select whose choice updates the page as it changes. */
  value?: string;
  onChange?: (value: string) => void;
  /** Shown when there is nothing to choose. */
  empty?: ReactNode;
}

export function SelectField({ meta, label, options, hint, value, onChange, empty }: SelectFieldProps) {
  const controlled = value !== undefined;
  const { key, ...control } = getSelectProps(meta, {
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
    value: !controlled,
  });
  return (
    <FieldShell meta={meta} label={label} hint={hint} showOptional={false}>
      {options.length === 0 ? empty : null}
      <select
        key={key}
        {...control}
        {...(controlled ? { value, onChange: (event) => onChange?.(event.currentTarget.value) } : {})}
      >
        {options.length === 0 ? <option value="">—</option> : null}
        {renderOptions(options)}
      </select>
    </FieldShell>
  );
}

/** Radio buttons in a fieldset whose legend labels the group; the error sits under the group. */
export function RadioGroup({
  meta,
  legend,
  options,
}: {
  meta: FieldMeta;
  legend: MessageKey;
  /** A disabled option says why in its `note` (shown beside it and read with it). */
  options: { value: string; label: string; disabled?: boolean; note?: string }[];
}) {
  const t = useT();
  const invalid = Boolean(meta.errors?.length);
  return (
    <fieldset
      className={invalid ? "field field--invalid fieldset" : "field fieldset"}
      aria-describedby={invalid ? meta.errorId : undefined}
    >
      <legend>{t(legend)}</legend>
      {options.map((option) => {
        const { key, ...control } = getInputProps(meta, { type: "radio", value: option.value, ariaAttributes: false });
        return (
          <label key={key ?? option.value} className={option.disabled ? "choice choice--disabled" : "choice"}>
            <input {...control} id={`${meta.id}-${option.value}`} disabled={option.disabled} />
            {option.label}
            {option.note ? <span className="choice__note"> — {option.note}</span> : null}
          </label>
        );
      })}
      <ErrorList id={meta.errorId} issues={meta.errors} />
    </fieldset>
  );
}

/** Disabled and relabelled while this form's submission is in flight. */
export function SubmitButton({ children, className }: { children: ReactNode; className?: string }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <button type="submit" className={className ?? "button button--primary"} disabled={busy} aria-busy={busy || undefined}>
      {busy ? t("form.submitting") : children}
    </button>
  );
}

export function FormAlert({
  message,
  tone = "error",
  id,
}: {
  message?: MessageKey | null;
  tone?: "error" | "success";
  id?: string;
}) {
  const t = useT();
  if (!message) return null;
  return (
    <div id={id} className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {t(message)}
    </div>
  );
}

/** The form-level error of a Conform form (e.g. wrong password), announced as an alert. */
export function FormErrors({ form }: { form: { errorId: string; errors?: FormIssues } }) {
  return <FormAlert id={form.errorId} message={form.errors?.[0]?.message} />;
}
