// The lab's instrument form: every field of the model in both languages, as one zod schema shared
// by the browser (early feedback) and the server (the real check). The database re-checks the same
// rules (instruments' check constraints, the column-ownership trigger); messages are dictionary keys.
import { z } from "zod";
import { msg, text } from "~/lib/forms/fields";
import { SERVICE_MODES } from "~/lib/platform/enums";

export const SLOT_MINUTES = [15, 30, 60, 120, 240] as const;
export const MAX_BOOKING_MINUTES = 7 * 24 * 60;

/** Markup in a text field: a tag or comment opener. Instrument text is plain and shown as text. */
const HTML = /<\s*[a-zA-Z!/?]/;

/** Plain text up to `max` characters; `min` > 0 makes it required. */
function plain(max: number, min = 0) {
  const sized = text()
    .max(max, msg("validation.tooLong"))
    .refine((value) => !HTML.test(value), msg("labInstruments.error.html"));
  return min > 0
    ? text()
        .min(1, msg("validation.required"))
        .min(min, msg("labInstruments.error.nameLength"))
        .max(max, msg("validation.tooLong"))
        .refine((value) => !HTML.test(value), msg("labInstruments.error.html"))
    : sized.optional().transform((value) => value ?? "");
}

function whole(min: number, max: number) {
  return z
    .number({ required_error: "validation.required", invalid_type_error: "labInstruments.error.number" })
    .int(msg("labInstruments.error.whole"))
    .min(min, msg("labInstruments.error.range"))
    .max(max, msg("labInstruments.error.range"));
}

function amount() {
  return z
    .number({ required_error: "validation.required", invalid_type_error: "labInstruments.error.number" })
    .min(0, msg("labInstruments.error.negative"))
    .max(999_999_999_999, msg("labInstruments.error.range"))
    .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, msg("labInstruments.error.cents"));
}

const shape = {
    nameZh: plain(100, 2),
    nameEn: plain(200, 2),
    categoryId: z.string({ required_error: "labInstruments.error.category" }).uuid(msg("labInstruments.error.category")),
    chainIds: z.array(z.string().uuid(msg("validation.invalid"))).max(20).optional().transform((value) => value ?? []),
    model: plain(100),
    manufacturer: plain(100),
    originalValue: amount().optional().transform((value) => value ?? null),
    specsZh: plain(4000),
    specsEn: plain(8000),
    servicesZh: plain(4000),
    servicesEn: plain(8000),
    sampleZh: plain(4000),
    sampleEn: plain(8000),
    hourlyRate: amount(),
    smeRate: amount(),
    serviceModes: z
      .array(z.enum(SERVICE_MODES, { errorMap: () => msg("labInstruments.error.serviceModes") }), {
        required_error: "labInstruments.error.serviceModes",
      })
      .min(1, msg("labInstruments.error.serviceModes"))
      .max(2),
    requiresAuthorisation: z.boolean().optional().transform((value) => value ?? false),
    requiresApproval: z.boolean().optional().transform((value) => value ?? false),
    slotMinutes: z
      .number({ required_error: "validation.required", invalid_type_error: "labInstruments.error.number" })
      .refine((value) => (SLOT_MINUTES as readonly number[]).includes(value), msg("labInstruments.error.slot")),
    minMinutes: whole(15, MAX_BOOKING_MINUTES),
    maxMinutes: whole(15, MAX_BOOKING_MINUTES),
    leadTimeHours: whole(0, 720),
    cancellationHours: whole(0, 720),
    horizonDays: whole(1, 365),
};

/** Which fields only a lab manager may change (docs/decisions/017): shown read-only to technicians. */
export const MANAGER_FIELDS = [
  "originalValue",
  "hourlyRate",
  "smeRate",
  "serviceModes",
  "requiresAuthorisation",
  "requiresApproval",
  "slotMinutes",
  "minMinutes",
  "maxMinutes",
  "leadTimeHours",
  "cancellationHours",
  "horizonDays",
] as const;

const baseSchema = z.object(shape);

/** A manager's form: every field. */
export const instrumentFormSchema = baseSchema.superRefine((value, ctx) => {
    if (value.smeRate > value.hourlyRate) {
      ctx.addIssue({ code: "custom", path: ["smeRate"], message: "labInstruments.error.smeAboveStandard" });
    }
    if (value.minMinutes % value.slotMinutes !== 0) {
      ctx.addIssue({ code: "custom", path: ["minMinutes"], message: "labInstruments.error.multipleOfSlot" });
    }
    if (value.maxMinutes % value.slotMinutes !== 0) {
      ctx.addIssue({ code: "custom", path: ["maxMinutes"], message: "labInstruments.error.multipleOfSlot" });
    }
    if (value.maxMinutes < value.minMinutes) {
      ctx.addIssue({ code: "custom", path: ["maxMinutes"], message: "labInstruments.error.maxBelowMin" });
    }
  });

/** A technician's form: the catalogue text, category and chains (the rest is shown read-only). */
export const technicianFormSchema = baseSchema.omit(
  Object.fromEntries(MANAGER_FIELDS.map((field) => [field, true])) as { [K in (typeof MANAGER_FIELDS)[number]]: true },
);

export type InstrumentForm = z.output<typeof instrumentFormSchema>;
export type TechnicianForm = z.output<typeof technicianFormSchema>;

/** A technician's form's values as the instruments table's columns (the ones they own). */
export function descriptiveColumns(form: TechnicianForm) {
  return {
    name_zh: form.nameZh,
    name_en: form.nameEn,
    category_id: form.categoryId,
    model: form.model,
    manufacturer: form.manufacturer,
    specs_zh: form.specsZh,
    specs_en: form.specsEn,
    services_zh: form.servicesZh,
    services_en: form.servicesEn,
    sample_requirements_zh: form.sampleZh,
    sample_requirements_en: form.sampleEn,
  };
}

/** The form's values as the instruments table's columns. */
export function instrumentColumns(form: InstrumentForm) {
  return {
    name_zh: form.nameZh,
    name_en: form.nameEn,
    category_id: form.categoryId,
    model: form.model,
    manufacturer: form.manufacturer,
    original_value_cny: form.originalValue,
    specs_zh: form.specsZh,
    specs_en: form.specsEn,
    services_zh: form.servicesZh,
    services_en: form.servicesEn,
    sample_requirements_zh: form.sampleZh,
    sample_requirements_en: form.sampleEn,
    hourly_rate_cny: form.hourlyRate,
    sme_rate_cny: form.smeRate,
    service_modes: form.serviceModes,
    requires_authorisation: form.requiresAuthorisation,
    requires_approval: form.requiresApproval,
    slot_minutes: form.slotMinutes,
    min_booking_minutes: form.minMinutes,
    max_booking_minutes: form.maxMinutes,
    lead_time_hours: form.leadTimeHours,
    cancellation_deadline_hours: form.cancellationHours,
    max_advance_days: form.horizonDays,
  };
}

type Columns = ReturnType<typeof instrumentColumns>;

/** A stored instrument as the form's default values (strings, as inputs hold them). */
export function formDefaults(row: Columns & { chain_ids: string[] }): Record<string, string | string[] | null> {
  return {
    nameZh: row.name_zh,
    nameEn: row.name_en,
    categoryId: row.category_id,
    chainIds: row.chain_ids,
    model: row.model,
    manufacturer: row.manufacturer,
    originalValue: row.original_value_cny === null ? "" : String(row.original_value_cny),
    specsZh: row.specs_zh,
    specsEn: row.specs_en,
    servicesZh: row.services_zh,
    servicesEn: row.services_en,
    sampleZh: row.sample_requirements_zh,
    sampleEn: row.sample_requirements_en,
    hourlyRate: String(row.hourly_rate_cny),
    smeRate: String(row.sme_rate_cny),
    serviceModes: row.service_modes,
    requiresAuthorisation: row.requires_authorisation ? "on" : null,
    requiresApproval: row.requires_approval ? "on" : null,
    slotMinutes: String(row.slot_minutes),
    minMinutes: String(row.min_booking_minutes),
    maxMinutes: String(row.max_booking_minutes),
    leadTimeHours: String(row.lead_time_hours),
    cancellationHours: String(row.cancellation_deadline_hours),
    horizonDays: String(row.max_advance_days),
  };
}

/** A new instrument's starting values. */
export const NEW_INSTRUMENT_DEFAULTS: Record<string, string | string[] | null> = {
  serviceModes: ["sample_submission"],
  requiresApproval: "on",
  slotMinutes: "60",
  minMinutes: "60",
  maxMinutes: "480",
  leadTimeHours: "24",
  cancellationHours: "24",
  horizonDays: "90",
};
