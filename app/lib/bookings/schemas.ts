// The booking request and cancellation forms, and the slot carried in the booking form's URL.
// The engine (request_booking, cancel_booking) re-checks every rule; these give early, translated
// messages.
import { z } from "zod";
import { msg, phoneSchema, text, trimmed } from "~/lib/forms/fields";
import { SERVICE_MODES } from "~/lib/platform/enums";

export const PURPOSE_MAX = 2000;
export const SAMPLE_MAX = 2000;
export const REASON_MAX = 1000;

/** An ISO 8601 instant with an offset or Z, as the slot list writes them. */
const instantSchema = z
  .string()
  .trim()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value), msg("validation.dateTime"))
  .refine((value) => !Number.isNaN(Date.parse(value)), msg("validation.dateTime"));

export const serviceModeSchema = z.enum(SERVICE_MODES, {
  errorMap: () => msg("validation.serviceMode"),
});

/** A booking's length in minutes; the engine checks it against the instrument's rules. */
export const bookingMinutesSchema = z
  .number({ required_error: "validation.durationRequired", invalid_type_error: "validation.duration" })
  .int(msg("validation.duration"))
  .min(15, msg("validation.duration"))
  .max(10080, msg("validation.duration"));

/**
 * The booking form: a start time from the free list and a length. Its output carries the slot as
 * one interval, the shape `request_booking` takes.
 */
export const bookingRequestSchema = z
  .object({
    start: z
      .string({ required_error: "validation.slotRequired" })
      .trim()
      .min(1, msg("validation.slotRequired"))
      .refine((value) => instantSchema.safeParse(value).success, msg("validation.slot"))
      .transform((value) => new Date(value).toISOString()),
    minutes: bookingMinutesSchema,
    serviceMode: serviceModeSchema,
    purpose: trimmed.min(1, msg("validation.required")).max(PURPOSE_MAX, msg("validation.tooLong")),
    sampleDescription: text()
      .max(SAMPLE_MAX, msg("validation.tooLong"))
      .optional()
      .transform((value) => value ?? ""),
    contactPhone: phoneSchema,
  })
  .transform(({ start, minutes, ...rest }) => ({
    ...rest,
    slot: { startsAt: start, endsAt: new Date(Date.parse(start) + minutes * 60_000).toISOString() },
  }));
export type BookingRequestInput = z.output<typeof bookingRequestSchema>;

export const cancelBookingSchema = z.object({
  reason: text()
    .max(REASON_MAX, msg("validation.tooLong"))
    .optional()
    .transform((value) => value || null),
});

/** The slot chosen on the instrument page, carried in the booking form's URL. */
export const slotQuerySchema = z.object({ start: instantSchema, end: instantSchema });
