// The lab's own instruments, as its staff manage them with their own client (RLS and the
// column-ownership trigger decide, docs/decisions/017): list, read for editing, create, edit,
// maintenance and retirement, and the photo in Storage. Every refusal comes back as a translated
// message at a field or for the form; only an outage or a bug is thrown.
import { randomUUID } from "node:crypto";
import type { PostgrestError } from "@supabase/supabase-js";
import type { MessageKey } from "~/lib/i18n/translate";
import {
  descriptiveColumns,
  instrumentColumns,
  type InstrumentForm,
  type TechnicianForm,
} from "~/lib/instruments/instrument-form";
import { getStrandedBookings, type Cancellation, type StrandedBooking } from "~/lib/instruments/hours.server";
import { PHOTO_BUCKET, PHOTO_MAX_BYTES, photoKey, photoSrc, sniffPhotoType } from "~/lib/instruments/photo";
import { env } from "~/lib/platform/env.server";
import type { InstrumentStatus } from "~/lib/platform/enums";
import type { SupabaseClient } from "~/lib/platform/supabase.server";
import { failure, isUnavailable, serviceBusy } from "~/lib/platform/upstream";

export type Outcome<T = undefined> =
  | ({ ok: true } & (T extends undefined ? object : { value: T }))
  | { ok: false; status: 400 | 403 | 404 | 409; field: string; message: MessageKey };

const refused = (status: 400 | 403 | 404 | 409, field: string, message: MessageKey) => ({ ok: false as const, status, field, message });

export interface LabInstrumentRow {
  id: string;
  name_zh: string;
  name_en: string;
  model: string;
  manufacturer: string;
  status: InstrumentStatus;
  hourly_rate_cny: number;
  sme_rate_cny: number;
  photo: string | null;
  category: { name_zh: string; name_en: string } | null;
  rules: number;
}

/** Every instrument of the lab, retired ones last, for the staff's list. */
export async function listLabInstruments(supabase: SupabaseClient, labId: string): Promise<LabInstrumentRow[]> {
  const { data, error } = await supabase
    .from("instruments")
    .select(
      "id, name_zh, name_en, model, manufacturer, status, hourly_rate_cny, sme_rate_cny, photo_url, photo_path, category:instrument_categories(name_zh, name_en), availability_rules(count)",
    )
    .eq("lab_id", labId)
    .order("name_zh");
  if (error) failure(`Could not list the instruments of lab ${labId}`, error);
  const order: Record<InstrumentStatus, number> = { active: 0, maintenance: 1, retired: 2 };
  return (data ?? [])
    .map((row) => ({
      id: row.id,
      name_zh: row.name_zh,
      name_en: row.name_en,
      model: row.model,
      manufacturer: row.manufacturer,
      status: row.status,
      hourly_rate_cny: Number(row.hourly_rate_cny),
      sme_rate_cny: Number(row.sme_rate_cny),
      photo: photoSrc(row, env.SUPABASE_URL),
      category: Array.isArray(row.category) ? (row.category[0] ?? null) : row.category,
      rules: (row.availability_rules as unknown as { count: number }[])[0]?.count ?? 0,
    }))
    .sort((a, b) => order[a.status] - order[b.status]);
}

export interface Reference {
  categories: { id: string; name_zh: string; name_en: string; parent_id: string | null }[];
  chains: { id: string; name_zh: string; name_en: string }[];
}

export async function getReference(supabase: SupabaseClient): Promise<Reference> {
  const [categories, chains] = await Promise.all([
    supabase.from("instrument_categories").select("id, name_zh, name_en, parent_id").order("sort_order").order("code"),
    supabase.from("industrial_chains").select("id, name_zh, name_en").order("sort_order").order("code"),
  ]);
  if (categories.error) failure("Could not read the categories", categories.error);
  if (chains.error) failure("Could not read the chains", chains.error);
  return { categories: categories.data ?? [], chains: chains.data ?? [] };
}

const EDIT_COLUMNS = `id, lab_id, status, photo_url, photo_path, name_zh, name_en, category_id, model, manufacturer,
  original_value_cny, specs_zh, specs_en, services_zh, services_en, sample_requirements_zh, sample_requirements_en,
  hourly_rate_cny, sme_rate_cny, service_modes, requires_authorisation, requires_approval, slot_minutes,
  min_booking_minutes, max_booking_minutes, lead_time_hours, cancellation_deadline_hours, max_advance_days,
  instrument_chains(chain_id)`;

/** One instrument of the lab with everything the form shows; null when it is not this lab's (or no such id). */
export async function getLabInstrument(supabase: SupabaseClient, labId: string, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { data, error } = await supabase.from("instruments").select(EDIT_COLUMNS).eq("id", id).eq("lab_id", labId).maybeSingle();
  if (error) failure(`Could not read instrument ${id}`, error);
  if (!data) return null;
  const { instrument_chains: links, ...row } = data;
  return {
    ...row,
    hourly_rate_cny: Number(row.hourly_rate_cny),
    sme_rate_cny: Number(row.sme_rate_cny),
    original_value_cny: row.original_value_cny === null ? null : Number(row.original_value_cny),
    chain_ids: links.map((link) => link.chain_id),
    photo: photoSrc(row, env.SUPABASE_URL),
  };
}

export type LabInstrument = NonNullable<Awaited<ReturnType<typeof getLabInstrument>>>;

/** A database refusal of an instrument write → where to say what. Outages throw 503. */
function instrumentRefusal(error: PostgrestError) {
  if (isUnavailable(error)) throw serviceBusy();
  switch (error.message) {
    case "INSTRUMENT_MANAGER_ONLY":
      return refused(403, "form", "labInstruments.error.managerOnly");
    case "INSTRUMENT_HAS_BOOKINGS":
      return refused(409, "form", "labInstruments.error.hasBookings");
    case "INSTRUMENT_LAB_FIXED":
      return refused(403, "form", "labInstruments.error.forbidden");
  }
  if (error.code === "42501") return refused(403, "form", "labInstruments.error.forbidden");
  if (error.code === "23503") return refused(400, "categoryId", "labInstruments.error.category");
  if (error.code === "23514" || error.code === "22P02" || error.code === "22003") return refused(400, "form", "labInstruments.error.invalid");
  throw new Error(`Instrument write failed: ${error.code} ${error.message}`);
}

async function replaceChains(supabase: SupabaseClient, instrumentId: string, chainIds: string[]) {
  const remove = await supabase
    .from("instrument_chains")
    .delete()
    .eq("instrument_id", instrumentId)
    .not("chain_id", "in", `(${chainIds.length ? chainIds.join(",") : "00000000-0000-0000-0000-000000000000"})`);
  if (remove.error) return instrumentRefusal(remove.error);
  if (chainIds.length) {
    const add = await supabase
      .from("instrument_chains")
      .upsert(chainIds.map((chain_id) => ({ instrument_id: instrumentId, chain_id })), { ignoreDuplicates: true });
    if (add.error) return add.error.code === "23503" ? refused(400, "chainIds", "validation.invalid") : instrumentRefusal(add.error);
  }
  return null;
}

/** A new instrument of the lab (managers; the policy says so), with its chains. */
export async function createInstrument(supabase: SupabaseClient, labId: string, form: InstrumentForm): Promise<Outcome<string>> {
  const id = randomUUID();
  const { error } = await supabase.from("instruments").insert({ id, lab_id: labId, ...instrumentColumns(form) });
  if (error) return instrumentRefusal(error);
  const chains = await replaceChains(supabase, id, form.chainIds);
  if (chains) return chains;
  return { ok: true, value: id };
}

/**
 * Saves the form over the instrument: a manager's form sets every column, a technician's only the
 * catalogue text, category and chains (the database refuses anything more, ADR 017).
 */
export async function updateInstrument(
  supabase: SupabaseClient,
  labId: string,
  id: string,
  form: { role: "manager"; value: InstrumentForm } | { role: "technician"; value: TechnicianForm },
): Promise<Outcome> {
  const columns = form.role === "manager" ? instrumentColumns(form.value) : descriptiveColumns(form.value);
  const { data, error } = await supabase.from("instruments").update(columns).eq("id", id).eq("lab_id", labId).select("id");
  if (error) return instrumentRefusal(error);
  if (!data?.length) return refused(404, "form", "labInstruments.error.notFound");
  const chains = await replaceChains(supabase, id, form.value.chainIds);
  if (chains) return chains;
  return { ok: true };
}

/** Active ↔ maintenance (any staff), retire or reinstate (managers; not while bookings are ahead). */
export async function setInstrumentStatus(supabase: SupabaseClient, labId: string, id: string, status: InstrumentStatus): Promise<Outcome> {
  const { data, error } = await supabase.from("instruments").update({ status }).eq("id", id).eq("lab_id", labId).select("id");
  if (error) return instrumentRefusal(error);
  if (!data?.length) return refused(404, "form", "labInstruments.error.notFound");
  return { ok: true };
}

export type RetireOutcome =
  | { ok: true; cancelled: number }
  | { ok: false; stranded: StrandedBooking[] }
  | { ok: false; stranded?: undefined; status: 400 | 403 | 404 | 409; field: string; message: MessageKey };

/**
 * Retires the instrument through public.retire_instrument (managers; migration 20261210200000):
 * with live bookings ahead it is refused and the bookings are listed; sent again with exactly
 * those bookings and a reason, they are cancelled (each requester e-mailed through the outbox)
 * and the instrument retired, in one transaction. `cancelled` counts the bookings this call
 * cancelled. A blank reason with bookings to cancel is refused here already, with nothing sent.
 */
export async function retireInstrument(
  supabase: SupabaseClient,
  userId: string,
  id: string,
  cancel: Cancellation = { bookingIds: [], reason: null },
): Promise<RetireOutcome> {
  const reason = cancel.reason?.trim() ? cancel.reason : null;
  if (cancel.bookingIds.length > 0 && !reason) return refused(400, "reason", "labInstruments.error.reasonRequired");
  const { error } = await supabase.rpc("retire_instrument", {
    p_instrument_id: id,
    p_cancel_booking_ids: cancel.bookingIds,
    p_cancel_reason: reason ?? undefined,
  });
  if (error) {
    if (isUnavailable(error)) throw serviceBusy();
    switch (error.message) {
      case "INSTRUMENT_HAS_BOOKINGS": {
        const ids = (error.details ?? "").split(",").filter((bookingId) => /^[0-9a-f-]{36}$/.test(bookingId));
        return { ok: false, stranded: await getStrandedBookings(supabase, ids) };
      }
      case "INSTRUMENT_REASON_REQUIRED":
        return refused(400, "reason", "labInstruments.error.reasonRequired");
      case "INSTRUMENT_NOT_FOUND":
        return refused(404, "form", "labInstruments.error.notFound");
    }
    if (error.message.startsWith("BOOKING_")) return refused(409, "form", "labHours.error.cancelFailed");
    return instrumentRefusal(error);
  }
  if (cancel.bookingIds.length === 0) return { ok: true, cancelled: 0 };
  const { count, error: countError } = await supabase
    .from("bookings")
    .select("id", { count: "exact", head: true })
    .in("id", cancel.bookingIds.slice(0, 500))
    .eq("status", "cancelled")
    .eq("cancelled_by", userId);
  if (countError) failure(`Could not count the bookings cancelled with instrument ${id}`, countError);
  return { ok: true, cancelled: count ?? 0 };
}

/**
 * Stores a photo for the instrument in the public bucket under `<lab>/<instrument>/`, with the
 * user's client (Storage's policies decide), then points the instrument at it and removes the old
 * object. JPEG, PNG and WebP only, decided from the bytes; at most 5 MB.
 */
export async function uploadPhoto(
  supabase: SupabaseClient,
  instrument: Pick<LabInstrument, "id" | "lab_id" | "photo_path">,
  bytes: Uint8Array,
): Promise<Outcome> {
  if (bytes.byteLength === 0) return refused(400, "photo", "labInstruments.error.photoMissing");
  if (bytes.byteLength > PHOTO_MAX_BYTES) return refused(400, "photo", "labInstruments.error.photoTooLarge");
  const type = sniffPhotoType(bytes);
  if (!type) return refused(400, "photo", "labInstruments.error.photoType");
  const key = photoKey(instrument.lab_id, instrument.id, type, randomUUID());
  const bucket = supabase.storage.from(PHOTO_BUCKET);
  const upload = await bucket.upload(key, bytes, { contentType: type.mime, cacheControl: "86400", upsert: false });
  if (upload.error) {
    const status = Number((upload.error as { statusCode?: string }).statusCode);
    if (status === 413) return refused(400, "photo", "labInstruments.error.photoTooLarge");
    if (status === 415) return refused(400, "photo", "labInstruments.error.photoType");
    if (status === 403) return refused(403, "photo", "labInstruments.error.forbidden");
    if (isUnavailable({ message: upload.error.message, status })) throw serviceBusy();
    throw new Error(`Photo upload failed: ${upload.error.message}`);
  }
  const { data, error } = await supabase
    .from("instruments")
    .update({ photo_path: key })
    .eq("id", instrument.id)
    .eq("lab_id", instrument.lab_id)
    .select("id");
  if (error || !data?.length) {
    await bucket.remove([key]);
    return error ? instrumentRefusal(error) : refused(404, "form", "labInstruments.error.notFound");
  }
  if (instrument.photo_path) await bucket.remove([instrument.photo_path]);
  return { ok: true };
}

/** Removes the instrument's photo (the object and the reference). */
export async function removePhoto(supabase: SupabaseClient, instrument: Pick<LabInstrument, "id" | "lab_id" | "photo_path">): Promise<Outcome> {
  const { data, error } = await supabase
    .from("instruments")
    .update({ photo_path: null, photo_url: null })
    .eq("id", instrument.id)
    .eq("lab_id", instrument.lab_id)
    .select("id");
  if (error) return instrumentRefusal(error);
  if (!data?.length) return refused(404, "form", "labInstruments.error.notFound");
  if (instrument.photo_path) await supabase.storage.from(PHOTO_BUCKET).remove([instrument.photo_path]);
  return { ok: true };
}
