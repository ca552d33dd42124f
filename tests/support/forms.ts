// Submits plain values to a form schema the way a browser form arrives: as FormData through
// Conform's parseWithZod (empty fields become undefined), exactly as the app's actions parse.
import type { ZodTypeAny } from "zod";
import { parseSubmission, type FormIssues } from "~/lib/forms/submission";

export function submit<S extends ZodTypeAny>(schema: S, values: Record<string, string | undefined>) {
  const formData = new FormData();
  for (const [name, value] of Object.entries(values)) if (value !== undefined) formData.append(name, value);
  const submission = parseSubmission(schema, formData);
  if (submission.status === "success") return { success: true, value: submission.value, error: {} as Record<string, FormIssues | null> };
  return { success: false, value: undefined, error: submission.error ?? {} };
}

/** The first message at a field, or undefined when the field is fine. */
export function firstError(result: { error: Record<string, FormIssues | null> }, field: string) {
  return result.error[field]?.[0]?.message;
}
