// Registering organisations and the SME rate (issue 9 parts 2 and 4; issue 12 item 2): through
// supabase-js as real users, so what is checked is what the API allows, not what a page shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isValidCreditCode } from "~/lib/organisations/credit-code";
import { Fixtures, isoWeekday, shanghai, shanghaiDate, type LabWorld } from "../../support/fixtures.ts";
import { createSignedInUser, type TestUser } from "../../support/supabase.ts";
import { ok as bookingOk, requestBooking } from "../booking/helpers.ts";
import { call, newCreditCode, ok, refused, registration, withWrongCheck } from "./helpers.ts";

const f = new Fixtures();
let world: LabWorld;
let instrument: string;
let admin: TestUser;
let analyst: TestUser;
/** A bookable Shanghai day two weeks ahead; the instrument opens on its weekday only. */
const day = shanghaiDate(14);

beforeAll(async () => {
  world = await f.labWorld();
  instrument = await f.instrument(world.labId, { hourly_rate_cny: 500, sme_rate_cny: 300, requires_approval: true }, [
    { weekday: isoWeekday(day), start: "08:00", end: "18:00" },
  ]);
  [admin, analyst] = await Promise.all([f.bureau("admin"), f.bureau("analyst")]);
});
afterAll(() => f.end());

async function organisationRow(id: string) {
  return f.one<{ kind: string; uscc: string; sme_status: string | null; sme_evidence: string | null; sme_verified_uscc: string | null; sme_decided_by: string | null; sme_decided_at: Date | null; created_by: string }>(
    `select kind, uscc, sme_status, sme_evidence, sme_verified_uscc, sme_decided_by, sme_decided_at, created_by from public.organisations where id = $1`,
    [id],
  );
}

describe("create_organisation", () => {
  it("registers the organisation with the caller as its only owner, audited and e-mailed", async () => {
    const user = await createSignedInUser({ display_name: "创建者" });
    const input = registration("university", { p_name_en: "Test University" });
    const id = ok(await call<string>(user.client, "create_organisation", input));
    const row = await organisationRow(id);
    expect(row).toMatchObject({ kind: "university", uscc: input.p_uscc, sme_status: null, created_by: user.id });
    expect(await f.q(`select user_id, role from public.organisation_members where organisation_id = $1`, [id])).toEqual([{ user_id: user.id, role: "owner" }]);
    expect((await f.one<{ organisation_id: string }>(`select organisation_id from public.profiles where id = $1`, [user.id])).organisation_id).toBe(id);
    expect(await f.q(`select kind, actor_id from public.organisation_events where organisation_id = $1`, [id])).toEqual([{ kind: "created", actor_id: user.id }]);
    expect(await f.count("public.email_outbox", "template = 'organisation_registered' and recipient_id = $1", [user.id])).toBe(1);
    // the member reads the organisation and its members through the API
    const read = await user.client.from("organisations").select("id, name_zh").eq("id", id);
    expect(read.data).toHaveLength(1);
    const members = await user.client.from("organisation_members").select("user_id").eq("organisation_id", id);
    expect(members.data).toHaveLength(1);
  });

  it("normalises the credit code (spaces, lower case) and refuses one with a wrong check character, writing nothing", async () => {
    const user = await createSignedInUser();
    const code = newCreditCode();
    const spaced = `${code.slice(0, 6)} ${code.slice(6).toLowerCase()}`;
    const id = ok(await call<string>(user.client, "create_organisation", registration("enterprise", { p_uscc: spaced })));
    expect((await organisationRow(id)).uscc).toBe(code);

    const other = await createSignedInUser();
    const bad = withWrongCheck(newCreditCode());
    refused(await call(other.client, "create_organisation", registration("sme", { p_uscc: bad })), "ORG_CREDIT_CODE_INVALID");
    refused(await call(other.client, "create_organisation", registration("sme", { p_uscc: "91320412MA1WTP4G0" })), "ORG_CREDIT_CODE_INVALID");
    refused(await call(other.client, "create_organisation", registration("sme", { p_uscc: "" })), "ORG_CREDIT_CODE_INVALID");
    expect(await f.count("public.organisations", "created_by = $1", [other.id])).toBe(0);
    expect(await f.count("public.organisation_members", "user_id = $1", [other.id])).toBe(0);
  });

  it("the database itself refuses a stored credit code with a wrong check character", async () => {
    await expect(
      f.q(`insert into public.organisations (name_zh, kind, uscc) values ('校验位错误', 'enterprise', $1)`, [withWrongCheck(newCreditCode())]),
    ).rejects.toThrow(/organisations_uscc_check_character/);
  });

  it("refuses a credit code that is taken, whoever asks and however it is written", async () => {
    const [first, second] = await Promise.all([createSignedInUser(), createSignedInUser()]);
    const input = registration("sme");
    ok(await call(first.client, "create_organisation", input));
    refused(await call(second.client, "create_organisation", { ...input, p_name_zh: "另一家公司", p_uscc: input.p_uscc.toLowerCase() }), "ORG_CREDIT_CODE_TAKEN");
    refused(await call(first.client, "create_organisation", { ...input, p_name_zh: "同一家公司" }), "ORG_CREDIT_CODE_TAKEN");
    expect(await f.count("public.organisations", "uscc = $1", [input.p_uscc])).toBe(1);
    expect(await f.count("public.organisation_members", "user_id = $1", [second.id])).toBe(0);
  });

  it("refuses bad input with a code: no name, the government kind, malformed contact", async () => {
    const user = await createSignedInUser();
    refused(await call(user.client, "create_organisation", registration("sme", { p_name_zh: " " })), "ORG_INVALID_INPUT");
    refused(await call(user.client, "create_organisation", registration("government")), "ORG_INVALID_INPUT");
    refused(await call(user.client, "create_organisation", registration("sme", { p_contact_phone: "call me" })), "ORG_INVALID_INPUT");
    refused(await call(user.client, "create_organisation", registration("sme", { p_contact_email: "nobody" })), "ORG_INVALID_EMAIL");
    refused(await call(user.client, "create_organisation", registration("sme", { p_name_zh: "名\u0001字" })), "ORG_INVALID_INPUT");
    expect(await f.count("public.organisations", "created_by = $1", [user.id])).toBe(0);
    const anon = await call((await import("../../support/supabase.ts")).anonClient(), "create_organisation", registration("sme"));
    expect(anon.code).not.toBeNull();
  });

  it("registers the kind 'other'", async () => {
    const user = await createSignedInUser();
    const id = ok(await call<string>(user.client, "create_organisation", registration("other")));
    expect((await organisationRow(id)).kind).toBe("other");
  });
});

describe("SME status is verified, not declared", () => {
  it("a new SME is pending and books at the standard rate, told why; verified, its next booking is at the SME rate and the earlier one keeps its rate", async () => {
    const owner = await createSignedInUser({ display_name: "新企业主" });
    const id = ok(await call<string>(owner.client, "create_organisation", registration("sme")));
    expect((await organisationRow(id)).sme_status).toBe("sme_pending");

    expect(ok(await call(owner.client, "booking_rate", { p_instrument_id: instrument }))).toEqual([{ rate_cny: 500, basis: "sme_pending" }]);
    const first = bookingOk(await requestBooking(owner.client, instrument, { start: shanghai(day, "09:00"), end: shanghai(day, "10:00") }));
    expect(Number(first.rate_cny)).toBe(500);

    ok(await call(admin.client, "verify_sme", { p_organisation_id: id, p_evidence: "营业执照 (checked in person)" }));
    const verified = await organisationRow(id);
    expect(verified).toMatchObject({ sme_status: "sme_verified", sme_evidence: "营业执照 (checked in person)", sme_verified_uscc: verified.uscc, sme_decided_by: admin.id });
    expect(verified.sme_decided_at).toBeInstanceOf(Date);

    expect(ok(await call(owner.client, "booking_rate", { p_instrument_id: instrument }))).toEqual([{ rate_cny: 300, basis: "sme" }]);
    const second = bookingOk(await requestBooking(owner.client, instrument, { start: shanghai(day, "11:00"), end: shanghai(day, "12:00") }));
    expect(Number(second.rate_cny)).toBe(300);
    // ADR 015: the booking requested while pending is not re-priced
    expect(Number((await f.one<{ rate_cny: string }>(`select rate_cny from public.bookings where id = $1`, [first.id])).rate_cny)).toBe(500);

    expect(await f.q(`select kind from public.organisation_events where organisation_id = $1 order by created_at`, [id])).toEqual([
      { kind: "created" },
      { kind: "sme_verified" },
    ]);
    expect(await f.count("public.email_outbox", "template = 'organisation_sme_decided' and recipient_id = $1", [owner.id])).toBe(1);
  });

  it("a rejected SME keeps the standard rate and the owners are told the reason", async () => {
    const owner = await createSignedInUser();
    const id = ok(await call<string>(owner.client, "create_organisation", registration("sme")));
    refused(await call(admin.client, "reject_sme", { p_organisation_id: id, p_reason: " " }), "ORG_REASON_REQUIRED");
    ok(await call(admin.client, "reject_sme", { p_organisation_id: id, p_reason: "营业收入超过中小企业标准" }));
    expect((await organisationRow(id)).sme_status).toBe("sme_rejected");
    expect(ok(await call(owner.client, "booking_rate", { p_instrument_id: instrument }))).toEqual([{ rate_cny: 500, basis: "sme_rejected" }]);
    const mail = await f.one<{ payload: { reason: string; verified: boolean } }>(
      `select payload from public.email_outbox where template = 'organisation_sme_decided' and recipient_id = $1`,
      [owner.id],
    );
    expect(mail.payload).toMatchObject({ reason: "营业收入超过中小企业标准", verified: false });
  });

  it("only bureau admins verify or reject, with evidence, and only SMEs", async () => {
    const owner = await createSignedInUser();
    const id = ok(await call<string>(owner.client, "create_organisation", registration("sme")));
    const university = ok(await call<string>(owner.client, "create_organisation", registration("university")));
    for (const client of [owner.client, analyst.client, world.manager.client]) {
      refused(await call(client, "verify_sme", { p_organisation_id: id, p_evidence: "营业执照" }), "ORG_FORBIDDEN");
      refused(await call(client, "reject_sme", { p_organisation_id: id, p_reason: "no" }), "ORG_FORBIDDEN");
    }
    refused(await call(admin.client, "verify_sme", { p_organisation_id: id, p_evidence: "" }), "ORG_EVIDENCE_REQUIRED");
    refused(await call(admin.client, "verify_sme", { p_organisation_id: university, p_evidence: "营业执照" }), "ORG_NOT_SME");
    refused(await call(admin.client, "verify_sme", { p_organisation_id: "00000000-0000-4000-8000-000000000000", p_evidence: "营业执照" }), "ORG_NOT_FOUND");
    expect((await organisationRow(id)).sme_status).toBe("sme_pending");
  });

  it("nobody but the bureau's functions changes kind, credit code or SME status: not owners, not bureau admins through the table", async () => {
    const owner = await createSignedInUser();
    const sme = ok(await call<string>(owner.client, "create_organisation", registration("sme")));
    const enterprise = ok(await call<string>(owner.client, "create_organisation", registration("enterprise")));
    for (const client of [owner.client, admin.client]) {
      const verify = await client.from("organisations").update({ sme_status: "sme_verified" }).eq("id", sme);
      expect(verify.error?.code).toBe("42501");
      const becomeSme = await client.from("organisations").update({ kind: "sme" }).eq("id", enterprise);
      expect(becomeSme.error?.code).toBe("42501");
      const recode = await client.from("organisations").update({ uscc: newCreditCode() }).eq("id", sme);
      expect(recode.error?.code).toBe("42501");
    }
    expect((await organisationRow(sme)).sme_status).toBe("sme_pending");
    expect((await organisationRow(enterprise)).kind).toBe("enterprise");
    // owners may edit the details, audited
    const rename = await owner.client.from("organisations").update({ address: "常州市新北区新地址 8 号" }, { count: "exact" }).eq("id", sme);
    expect(rename.error).toBeNull();
    expect(rename.count).toBe(1);
    expect(await f.count("public.organisation_events", "organisation_id = $1 and kind = 'details_updated'", [sme])).toBe(1);
  });

  it("a user cannot insert an organisation directly (no verified SME by the back door)", async () => {
    const user = await createSignedInUser();
    const direct = await user.client
      .from("organisations")
      .insert({ name_zh: "直接插入公司", kind: "sme", uscc: newCreditCode(), sme_status: "sme_verified", created_by: user.id });
    expect(direct.error?.code).toBe("42501");
    expect(await f.count("public.organisations", "created_by = $1", [user.id])).toBe(0);
  });

  it("the seed's demo SMEs are verified except the one example the bureau's list shows as pending", async () => {
    const rows = await f.q<{ id: string; sme_status: string }>(
      `select id, sme_status from public.organisations where kind = 'sme' and id::text like '00000000-0000-4000-8000-0000000005%' order by id`,
    );
    if (rows.length === 0) return; // a stack without the seed
    expect(rows.filter((r) => r.sme_status === "sme_pending").map((r) => r.id)).toEqual(["00000000-0000-4000-8000-000000000527"]);
    expect(rows.filter((r) => r.sme_status === "sme_verified").length).toBe(rows.length - 1);
  });

  it("the TS and SQL credit-code checks agree", async () => {
    const codes = Array.from({ length: 200 }, (_, i) => (i % 2 ? newCreditCode() : withWrongCheck(newCreditCode())));
    codes.push("91350100M000100Y43", "91110000600037341L", "9135010OM000100Y43", "91350100m000100y43", "", "91350100M000100Y4");
    const rows = await f.q<{ code: string; valid: boolean }>(`select c as code, private.uscc_is_valid(c) as valid from unnest($1::text[]) as c`, [codes]);
    for (const row of rows) expect(row.valid, row.code).toBe(isValidCreditCode(row.code));
  });
});
