// Form pieces: labelled fields whose errors sit at the field (aria-invalid + aria-describedby),
// a submit button that shows progress, and client-side checks with the same zod schema the
// server uses.
import { useNavigation } from "@remix-run/react";
import { useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";
import type { ZodTypeAny } from "zod";
import { useT } from "~/lib/i18n-react";
import type { MessageKey } from "~/lib/i18n";
import { fieldErrors, formDataToObject, type FieldErrors } from "~/lib/validation";

export type FieldIssues = FieldErrors[string] | undefined;

export function ErrorList({ id, issues }: { id: string; issues: FieldIssues }) {
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

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id"> {
  name: string;
  label: MessageKey;
  hint?: ReactNode;
  issues?: FieldIssues;
}

/** The ids and aria attributes a labelled control needs, shared by every field kind. */
interface ControlProps {
  id: string;
  name: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
  "aria-required"?: true;
}

/** Wrapper, label, hint and error list around one control; errors sit at the field. */
function FieldShell({
  name,
  label,
  hint,
  issues,
  required,
  showOptional = true,
  children,
}: {
  name: string;
  label: MessageKey;
  hint?: ReactNode;
  issues?: FieldIssues;
  required?: boolean;
  /** Say "(optional)" after the label when the field is not required. */
  showOptional?: boolean;
  children: (control: ControlProps) => ReactNode;
}) {
  const t = useT();
  const id = `${useId()}-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = Boolean(issues && issues.length > 0);
  const describedBy = [invalid ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={invalid ? "field field--invalid" : "field"}>
      <label htmlFor={id}>
        {t(label)}
        {required || !showOptional ? null : <span className="field-optional"> ({t("form.optional")})</span>}
      </label>
      {children({
        id,
        name,
        "aria-invalid": invalid || undefined,
        "aria-describedby": describedBy,
        "aria-required": required || undefined,
      })}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} issues={issues} />
    </div>
  );
}

export function Field({ name, label, hint, issues, required, ...inputProps }: FieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} issues={issues} required={required}>
      {(control) => <input {...control} {...inputProps} />}
    </FieldShell>
  );
}

interface SelectFieldProps {
  name: string;
  label: MessageKey;
  options: { value: string; label: string; lang?: string }[];
  defaultValue?: string;
  issues?: FieldIssues;
}

export function SelectField({ name, label, options, defaultValue, issues }: SelectFieldProps) {
  return (
    <FieldShell name={name} label={label} issues={issues} showOptional={false}>
      {({ "aria-required": _required, ...control }) => (
        <select {...control} defaultValue={defaultValue}>
          {options.map((option) => (
            <option key={option.value} value={option.value} lang={option.lang}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
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

export function FormAlert({ message, tone = "error" }: { message?: MessageKey | null; tone?: "error" | "success" }) {
  const t = useT();
  if (!message) return null;
  return (
    <div className={`alert alert--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {t(message)}
    </div>
  );
}

/**
 * Checks a form with its zod schema before it is sent, showing the same translated messages the
 * server would return. Without JavaScript the server check alone applies.
 */
export function useFormValidation(schema: ZodTypeAny, serverErrors: FieldErrors | undefined) {
  const [clientErrors, setClientErrors] = useState<FieldErrors | null>(null);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const result = schema.safeParse(formDataToObject(new FormData(form)));
    if (result.success) {
      setClientErrors(null);
      return;
    }
    event.preventDefault();
    const errors = fieldErrors(result.error);
    setClientErrors(errors);
    // Focus the first invalid field in document order.
    const field = Array.from(form.elements).find(
      (element) => element instanceof HTMLElement && "name" in element && String(element.name) in errors,
    );
    if (field instanceof HTMLElement) field.focus();
  }
  return { errors: clientErrors ?? serverErrors ?? {}, onSubmit };
}

/** A multi-line field with the same labelling and error wiring as `Field`. */
export function TextArea({
  name,
  label,
  hint,
  issues,
  required,
  maxLength,
}: {
  name: string;
  label: MessageKey;
  hint?: ReactNode;
  issues?: FieldIssues;
  required?: boolean;
  maxLength: number;
}) {
  return (
    <FieldShell name={name} label={label} hint={hint} issues={issues} required={required}>
      {(control) => <textarea {...control} rows={4} maxLength={maxLength} />}
    </FieldShell>
  );
}
