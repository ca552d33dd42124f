// The lab workspace's forms: decisions on requests (one or several), recording use (one booking
// with its actual times, or several "as booked"), and booking on someone's behalf. The engine's
// functions check every rule again; these give early, translated messages at the field.
import { z } from "zod";
import { emailSchema, msg, phoneSchema, text, trimmed } from "~/lib/forms/fields";
import { PURPOSE_MAX, REASON_MAX, SAMPLE_MAX, bookingMinutesSchema, serviceModeSchema } from "~/lib/bookings/schemas";
import { fromLocalMinute } from "~/lib/time/shanghai";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const uuidSchema = z.string().trim().regex(UUID, msg("lab.error.booking"));

/** One or several bookings ticked in a list (at most 200, as the database takes). */
const bookingIdsSchema = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(uuidSchema).min(1, msg("lab.error.selectOne")).max(200, msg("lab.error.tooMany")),
);

/** The request queue's form: approve the ticked requests, or reject them with a reason. */
export const decisionSchema = z
  .object({
    intent: z.enum(["approve", "reject"], { errorMap: () => msg("lab.error.intent") }),
    ids: bookingIdsSchema,
    reason: text().max(REASON_MAX, msg("validation.tooLong")).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.intent === "reject" && !value.reason) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["reason"], ...msg("lab.error.reasonRequired") });
    }
  });
export type DecisionInput = z.output<typeof decisionSchema>;

/** Several bookings recorded "as booked". */
export const asBookedSchema = z.object({ ids: bookingIdsSchema });

/** A datetime-local value read as Asia/Shanghai wall-clock time. */
const localMinuteSchema = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, msg("validation.required"))
  .refine((value) => fromLocalMinute(value) !== null, msg("validation.dateTime"))
  .transform((value) => (fromLocalMinute(value) as Date).toISOString());

/** One booking's use: completed with the actual start and end, or a no-show (no times). */
export const recordUseSchema = z
  .object({
    outcome: z.enum(["completed", "no_show"], { errorMap: () => msg("lab.error.outcome") }),
    actualStart: localMinuteSchema.optional(),
    actualEnd: localMinuteSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.outcome !== "completed") return;
    if (!value.actualStart) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["actualStart"], ...msg("validation.required") });
    if (!value.actualEnd) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["actualEnd"], ...msg("validation.required") });
    if (value.actualStart && value.actualEnd && Date.parse(value.actualEnd) <= Date.parse(value.actualStart)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["actualEnd"], ...msg("lab.error.endBeforeStart") });
    }
  })
  .transform((value) =>
    value.outcome === "no_show"
      ? ({ outcome: "no_show" } as const)
      : ({ outcome: "completed", actualStart: value.actualStart as string, actualEnd: value.actualEnd as string } as const),
  );
export type RecordUseInput = z.output<typeof recordUseSchema>;

/** Booking on behalf of a registered user (a phone request). */
export const bookOnBehalfSchema = z.object({
  email: emailSchema,
  instrumentId: uuidSchema,
  start: localMinuteSchema,
  minutes: bookingMinutesSchema,
  serviceMode: serviceModeSchema,
  purpose: trimmed.min(1, msg("validation.required")).max(PURPOSE_MAX, msg("validation.tooLong")),
  sampleDescription: text()
    .max(SAMPLE_MAX, msg("validation.tooLong"))
    .optional()
    .transform((value) => value ?? ""),
  contactPhone: phoneSchema,
});
export type BookOnBehalfInput = z.output<typeof bookOnBehalfSchema>;
