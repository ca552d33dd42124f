// The bureau's administration (issue 11, part 9) through supabase-js: applying to open a lab,
// approving (the lab exists, approved, with its first manager) or rejecting with a reason,
// assigning a manager, suspending (instruments leave the catalogue and take no bookings) and
// reinstating, adding and removing analysts. Every function refuses analysts, lab staff and SMEs
// with nothing written; every action is audited (who, when) and e-mails the person concerned.
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures, shanghai, shanghaiDate, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";
import { requestBooking } from "../booking/helpers.ts";

const f = new Fixtures();
let admin: TestUser;
let analyst: TestUser;
let world: LabWorld;
let applicant: Engineer;
let sme: Engineer;
let districtId: string;

beforeAll(async () => {
  [admin, analyst, world, applicant, sme] = await Promise.all([
    f.bureau("admin"),
    f.bureau("analyst"),
    f.labWorld(),
    f.engineer(undefined, { locale: "en" }),
    f.engineer(),
  ]);
  districtId = (await f.reference()).districtId;
});
afterAll(() => f.end());

async function call(client: SupabaseClient, fn: string, args: Record<string, unknown>) {
  const { data, error, status } = await client.rpc(fn, args);
  return { data: data as Record<string, unknown> | null, code: error?.message ?? null, hint: error?.hint ?? null, status };
}

function application(overrides: Record<string, unknown> = {}) {
  return {
    p_organisation_id: applicant.organisationId,
    p_name_zh: `测试申请实验室 ${f.tag}`,
    p_name_en: `Applied test lab ${f.tag}`,
    p_district_id: districtId,
    p_address_zh: "常州市新北区测试路 9 号",
    p_contact_name: "沈工",
    p_contact_phone: "0519-8898 0610",
    p_accreditations: "CMA 201910000610; CNAS L1234",
    ...overrides,
  };
}

async function apply(overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await call(applicant.client, "apply_for_lab", application(overrides));
  expect(result.code).toBeNull();
  return result.data?.id as string;
}

/**
 * Rows that administration could write for this file's people (other test files run beside this
 * one on the same database): for "nothing was written" checks.
 */
async function footprint(extra: string[] = []) {
  const people = [admin.id, analyst.id, applicant.id, sme.id, world.manager.id, ...extra];
  return f.one<{ apps: number; labs: number; members: number; bureau: number; events: number; outbox: number }>(
    `select (select count(*)::int from public.lab_applications where applicant_id = any($1)) as apps,
            (select count(*)::int from public.labs where organisation_id = $2 or approved_by = any($1)) as labs,
            (select count(*)::int from public.lab_members where lab_id = $3 or user_id = any($1)) as members,
            (select count(*)::int from public.bureau_staff where user_id = any($1)) as bureau,
            (select count(*)::int from public.admin_events where actor_id = any($1) or subject_user_id = any($1)) as events,
            (select count(*)::int from public.email_outbox where booking_id is null and recipient_id = any($1)) as outbox`,
    [people, applicant.organisationId, world.labId],
  );
}

const outboxTo = (userId: string, template: string) =>
  f.count("public.email_outbox", "recipient_id = $1 and template = $2", [userId, template]);

describe("apply_for_lab", () => {
  it("records a member's application, audits it and e-mails the applicant", async () => {
    const id = await apply();
    const row = await f.one(`select status, applicant_id, accreditations, contact_email from public.lab_applications where id = $1`, [id]);
    expect(row).toEqual({ status: "pending", applicant_id: applicant.id, accreditations: "CMA 201910000610; CNAS L1234", contact_email: null });
    expect(await f.count("public.admin_events", "application_id = $1 and action = 'lab_application_submitted' and actor_id = $2", [id, applicant.id])).toBe(1);
    expect(await outboxTo(applicant.id, "lab_application_submitted")).toBeGreaterThanOrEqual(1);
    // the applicant reads their own application, another SME does not
    expect((await applicant.client.from("lab_applications").select("id").eq("id", id)).data).toHaveLength(1);
    expect((await sme.client.from("lab_applications").select("id").eq("id", id)).data).toHaveLength(0);
  });

  it("refuses someone outside the organisation, and bad input field by field, writing nothing", async () => {
    const before = await footprint();
    expect((await call(sme.client, "apply_for_lab", application())).code).toBe("ADMIN_FORBIDDEN");
    expect((await call(anonClient(), "apply_for_lab", application())).status).toBeGreaterThanOrEqual(400);
    for (const [field, overrides] of [
      ["nameZh", { p_name_zh: " " }],
      ["nameEn", { p_name_en: "x" }],
      ["districtId", { p_district_id: "00000000-0000-4000-8000-00000000dead" }],
      ["addressZh", { p_address_zh: "" }],
      ["contactName", { p_contact_name: "" }],
      ["contactPhone", { p_contact_phone: "call me" }],
      ["contactEmail", { p_contact_phone: null, p_contact_email: "not-an-address" }],
      ["contactPhone", { p_contact_phone: null, p_contact_email: null }],
      ["accreditations", { p_accreditations: "C".repeat(501) }],
      ["nameZh", { p_name_zh: "实验室\u0007" }],
    ] as const) {
      const result = await call(applicant.client, "apply_for_lab", application(overrides));
      expect(result.code, field).toBe("ADMIN_INVALID_INPUT");
      expect(result.hint, field).toBe(field);
      expect(result.status, field).toBe(400);
    }
    expect(await footprint()).toEqual(before);
  });
});

describe("decide_lab_application", () => {
  it("is refused to analysts, lab staff, SMEs and the applicant, and nothing changes", async () => {
    const id = await apply();
    const before = await footprint();
    for (const [who, client] of [
      ["analyst", analyst.client],
      ["lab manager", world.manager.client],
      ["SME", sme.client],
      ["applicant", applicant.client],
    ] as const) {
      expect((await call(client, "decide_lab_application", { p_application_id: id, p_approve: true })).code, who).toBe("ADMIN_FORBIDDEN");
      expect((await call(client, "decide_lab_application", { p_application_id: id, p_approve: false, p_reason: "no" })).code, who).toBe(
        "ADMIN_FORBIDDEN",
      );
    }
    expect(await footprint()).toEqual(before);
  });

  it("approves: the lab exists, approved, with the applicant as its manager, who now sees it; audited and e-mailed", async () => {
    const id = await apply({ p_name_zh: `批准实验室 ${f.tag}` });
    const result = await call(admin.client, "decide_lab_application", { p_application_id: id, p_approve: true });
    expect(result.code).toBeNull();
    expect(result.data).toMatchObject({ status: "approved", decided_by: admin.id, manager_id: applicant.id });
    const labId = result.data?.lab_id as string;
    const lab = await f.one(`select status, approved_by, organisation_id, name_zh, accreditations from public.labs where id = $1`, [labId]);
    expect(lab).toEqual({
      status: "approved",
      approved_by: admin.id,
      organisation_id: applicant.organisationId,
      name_zh: `批准实验室 ${f.tag}`,
      accreditations: ["CMA", "CNAS"],
    });
    const { data: context } = await applicant.client.rpc("current_user_context");
    expect((context as { labs: { id: string; role: string }[] }).labs).toEqual([expect.objectContaining({ id: labId, role: "manager" })]);
    const event = await f.one<{ actor_id: string; created_at: Date }>(
      `select actor_id, created_at from public.admin_events where application_id = $1 and action = 'lab_application_approved'`,
      [id],
    );
    expect(event.actor_id).toBe(admin.id);
    expect(Math.abs(event.created_at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await outboxTo(applicant.id, "lab_application_approved")).toBe(1);
    // decided once
    expect((await call(admin.client, "decide_lab_application", { p_application_id: id, p_approve: false, p_reason: "late" })).code).toBe(
      "ADMIN_INVALID_STATE",
    );
  });

  it("approves with another user as the first manager, who is e-mailed too", async () => {
    const id = await apply();
    const manager = await f.engineer();
    const unknown = await call(admin.client, "decide_lab_application", { p_application_id: id, p_approve: true, p_manager_email: "nobody@example.test" });
    expect(unknown.code).toBe("ADMIN_USER_NOT_FOUND");
    expect(await f.one(`select status from public.lab_applications where id = $1`, [id])).toEqual({ status: "pending" });
    const result = await call(admin.client, "decide_lab_application", {
      p_application_id: id,
      p_approve: true,
      p_manager_email: manager.email.toUpperCase(),
    });
    expect(result.code).toBeNull();
    expect(await f.q(`select user_id, role from public.lab_members where lab_id = $1`, [result.data?.lab_id])).toEqual([
      { user_id: manager.id, role: "manager" },
    ]);
    expect(await outboxTo(manager.id, "lab_manager_assigned")).toBe(1);
  });

  it("rejects only with a reason, which the applicant's e-mail carries; no lab is created", async () => {
    const id = await apply();
    const labs = await f.count("public.labs");
    expect((await call(admin.client, "decide_lab_application", { p_application_id: id, p_approve: false, p_reason: "  " })).code).toBe(
      "ADMIN_REASON_REQUIRED",
    );
    const result = await call(admin.client, "decide_lab_application", { p_application_id: id, p_approve: false, p_reason: "请补充 CMA 证书" });
    expect(result.data).toMatchObject({ status: "rejected", decision_reason: "请补充 CMA 证书", lab_id: null });
    expect(await f.count("public.labs")).toBe(labs);
    const mail = await f.one<{ payload: { reason: string } }>(
      `select payload from public.email_outbox where recipient_id = $1 and template = 'lab_application_rejected' order by created_at desc limit 1`,
      [applicant.id],
    );
    expect(mail.payload.reason).toBe("请补充 CMA 证书");
    expect((await call(admin.client, "decide_lab_application", { p_application_id: "00000000-0000-4000-8000-00000000dead", p_approve: true })).code).toBe(
      "ADMIN_NOT_FOUND",
    );
  });
});

describe("assign_lab_manager", () => {
  it("makes a user a manager of the lab, audited and e-mailed; refused to everyone but admins", async () => {
    const user = await f.engineer();
    const before = await footprint([user.id]);
    for (const client of [analyst.client, world.manager.client, sme.client]) {
      expect((await call(client, "assign_lab_manager", { p_lab_id: world.labId, p_email: user.email })).code).toBe("ADMIN_FORBIDDEN");
    }
    expect(await footprint([user.id])).toEqual(before);
    expect((await call(admin.client, "assign_lab_manager", { p_lab_id: world.labId, p_email: user.email })).code).toBeNull();
    expect(await f.one(`select role from public.lab_members where lab_id = $1 and user_id = $2`, [world.labId, user.id])).toEqual({ role: "manager" });
    expect((await call(admin.client, "assign_lab_manager", { p_lab_id: world.labId, p_email: user.email })).code).toBe("ADMIN_INVALID_STATE");
    expect((await call(admin.client, "assign_lab_manager", { p_lab_id: world.labId, p_email: admin.email })).code).toBe("ADMIN_SELF");
    expect(await f.count("public.admin_events", "lab_id = $1 and action = 'lab_manager_assigned' and subject_user_id = $2 and actor_id = $3", [world.labId, user.id, admin.id])).toBe(1);
    expect(await outboxTo(user.id, "lab_manager_assigned")).toBe(1);
  });
});

describe("set_lab_suspended", () => {
  it("takes a suspended lab's instruments out of the catalogue and bookings, and reinstating brings them back", async () => {
    const lab = await f.labWorld("testing_centre");
    const instrument = await f.instrument(lab.labId, { lead_time_hours: 0 });
    const inCatalogue = async () => {
      const { data, error } = await anonClient().rpc("search_instruments", { p_lab: lab.labId, p_limit: 100 });
      expect(error).toBeNull();
      return ((data as { ids: string[] }[])[0]?.ids ?? []).includes(instrument);
    };
    expect(await inCatalogue()).toBe(true);

    for (const client of [analyst.client, lab.manager.client, sme.client]) {
      expect((await call(client, "set_lab_suspended", { p_lab_id: lab.labId, p_suspend: true, p_reason: "x" })).code).toBe("ADMIN_FORBIDDEN");
    }
    expect((await call(admin.client, "set_lab_suspended", { p_lab_id: lab.labId, p_suspend: true })).code).toBe("ADMIN_REASON_REQUIRED");
    expect(await f.one(`select status from public.labs where id = $1`, [lab.labId])).toEqual({ status: "approved" });

    const suspended = await call(admin.client, "set_lab_suspended", { p_lab_id: lab.labId, p_suspend: true, p_reason: "资质过期 / accreditation expired" });
    expect(suspended.data).toMatchObject({ status: "suspended" });
    expect(await inCatalogue()).toBe(false);
    const day = shanghaiDate(3);
    // the instrument is no longer public: to an SME it does not exist
    const refused = await requestBooking(sme.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") });
    expect(refused.code).toBe("BOOKING_INSTRUMENT_NOT_FOUND");
    expect(await f.count("public.bookings", "instrument_id = $1", [instrument])).toBe(0);
    expect(await outboxTo(lab.manager.id, "lab_suspended")).toBe(1);
    expect((await call(admin.client, "set_lab_suspended", { p_lab_id: lab.labId, p_suspend: true, p_reason: "again" })).code).toBe(
      "ADMIN_INVALID_STATE",
    );

    expect((await call(admin.client, "set_lab_suspended", { p_lab_id: lab.labId, p_suspend: false })).data).toMatchObject({ status: "approved" });
    expect(await inCatalogue()).toBe(true);
    expect(await outboxTo(lab.manager.id, "lab_reinstated")).toBe(1);
    expect(
      await f.q(`select action, actor_id from public.admin_events where lab_id = $1 order by created_at`, [lab.labId]),
    ).toEqual([
      { action: "lab_suspended", actor_id: admin.id },
      { action: "lab_reinstated", actor_id: admin.id },
    ]);
  });
});

describe("bureau analysts", () => {
  it("admins add and remove analysts by e-mail; analysts, lab staff and SMEs cannot; nobody changes their own role", async () => {
    const user = await f.engineer();
    const before = await footprint([user.id]);
    for (const client of [analyst.client, world.manager.client, sme.client]) {
      expect((await call(client, "add_bureau_analyst", { p_email: user.email })).code).toBe("ADMIN_FORBIDDEN");
      expect((await call(client, "remove_bureau_analyst", { p_user_id: analyst.id })).code).toBe("ADMIN_FORBIDDEN");
    }
    expect(await footprint([user.id])).toEqual(before);

    expect((await call(admin.client, "add_bureau_analyst", { p_email: ` ${user.email} ` })).code).toBeNull();
    expect(await f.one(`select role from public.bureau_staff where user_id = $1`, [user.id])).toEqual({ role: "analyst" });
    expect(await outboxTo(user.id, "bureau_analyst_added")).toBe(1);
    expect((await call(admin.client, "add_bureau_analyst", { p_email: user.email })).code).toBe("ADMIN_INVALID_STATE");
    expect((await call(admin.client, "add_bureau_analyst", { p_email: "" })).code).toBe("ADMIN_INVALID_INPUT");
    expect((await call(admin.client, "add_bureau_analyst", { p_email: "nobody@example.test" })).code).toBe("ADMIN_USER_NOT_FOUND");
    expect((await call(admin.client, "remove_bureau_analyst", { p_user_id: admin.id })).code).toBe("ADMIN_SELF");

    const { data: list } = await analyst.client.rpc("bureau_staff_list");
    expect((list as { user_id: string; email: string }[]).find((r) => r.user_id === user.id)?.email).toBe(user.email);
    const { data: hidden } = await sme.client.rpc("bureau_staff_list");
    expect(hidden).toEqual([]);

    expect((await call(admin.client, "remove_bureau_analyst", { p_user_id: user.id })).code).toBeNull();
    expect(await f.count("public.bureau_staff", "user_id = $1", [user.id])).toBe(0);
    expect(await outboxTo(user.id, "bureau_analyst_removed")).toBe(1);
    expect((await call(admin.client, "remove_bureau_analyst", { p_user_id: user.id })).code).toBe("ADMIN_NOT_FOUND");
    expect(
      await f.q(`select action from public.admin_events where subject_user_id = $1 and actor_id = $2 order by created_at`, [user.id, admin.id]),
    ).toEqual([{ action: "bureau_analyst_added" }, { action: "bureau_analyst_removed" }]);
  });

  it("lets bureau staff read the audit, and no one else", async () => {
    const { data: bureau } = await analyst.client.from("admin_events").select("id").limit(1);
    expect(bureau).toHaveLength(1);
    const { data: other } = await sme.client.from("admin_events").select("id").limit(1);
    expect(other).toEqual([]);
  });
});
