// The database's enums, taken from the generated types (database.types.ts, `npm run db:types`)
// rather than written out again: a value added in a migration reaches every union and every zod
// schema built from these lists, and the types test fails until the file is regenerated.
import { Constants, type Database } from "~/lib/platform/database.types";

type Enums = Database["public"]["Enums"];

export type BookingStatus = Enums["booking_status"];
export type ServiceMode = Enums["service_mode"];
export type OrganisationKind = Enums["organisation_kind"];
export type InstrumentStatus = Enums["instrument_status"];
export type LabRole = Enums["lab_role"];
export type BureauRole = Enums["bureau_role"];
export type ExceptionKind = Enums["exception_kind"];
export type LabStatus = Enums["lab_status"];
export type OrganisationRole = Enums["organisation_role"];
export type SmeStatus = Enums["sme_status"];
export type OrganisationEventKind = Enums["organisation_event_kind"];

export const BOOKING_STATUSES = Constants.public.Enums.booking_status;
export const SERVICE_MODES = Constants.public.Enums.service_mode;
export const ORGANISATION_KINDS = Constants.public.Enums.organisation_kind;
export const INSTRUMENT_STATUSES = Constants.public.Enums.instrument_status;
export const LAB_ROLES = Constants.public.Enums.lab_role;
export const BUREAU_ROLES = Constants.public.Enums.bureau_role;
export const EXCEPTION_KINDS = Constants.public.Enums.exception_kind;
export const LAB_STATUSES = Constants.public.Enums.lab_status;
export const ORGANISATION_ROLES = Constants.public.Enums.organisation_role;
export const SME_STATUSES = Constants.public.Enums.sme_status;
export const ORGANISATION_EVENT_KINDS = Constants.public.Enums.organisation_event_kind;
/** The kinds a user may register (the bureau's own organisation is seeded, not registered). */
export const REGISTRABLE_ORGANISATION_KINDS = [
  "sme",
  "enterprise",
  "university",
  "institute",
  "testing_centre",
  "other",
] as const satisfies readonly Exclude<OrganisationKind, "government">[];

/** Bookings that hold their time (the no-overlap invariant applies to these). */
export const LIVE_BOOKING_STATUSES = ["pending", "confirmed"] as const satisfies readonly BookingStatus[];
