// The catalogue page in one call (migration 20261210100000, docs/decisions/024): public.catalogue_page
// answers with the page and, only when the caller's copy is out of date, the filter form's reference
// data; the app keeps that copy per process (loadCataloguePage). A change to the reference data
// (a lab approved a moment ago, renamed, suspended; a category added) must show on the next page
// load. Real stack, real roles: visitors and signed-in users through supabase-js, fixtures with the
// superuser connection, the lab approved through the bureau's own function.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

// app/lib/catalogue.server.ts reads the app's environment when it is imported.
process.env.SUPABASE_URL ??= TEST_STACK.apiUrl;
process.env.SUPABASE_ANON_KEY ??= TEST_STACK.anonKey;
process.env.SUPABASE_SERVICE_ROLE_KEY ??= TEST_STACK.serviceRoleKey;
process.env.SEND_EMAIL_HOOK_SECRET ??= TEST_STACK.hookSecret;
process.env.RESEND_API_KEY ??= "re_test_key";
const { catalogueFormOptions, getCatalogueReference, loadCataloguePage, forgetCatalogueReference } = await import("~/lib/catalogue/catalogue.server");

const f = new Fixtures();
const T = `zp${f.tag}`;
let organisationId = "";
let labId = "";
let pendingLabId = "";
let admin: TestUser;
let applicant: TestUser;

const version = async () => (await f.one<{ v: string }>(`select version::text as v from private.catalogue_reference_version`)).v;
const page = (query = `q=${T}`) => loadCataloguePage(anonClient(), new URLSearchParams(query), "zh-CN");

beforeAll(async () => {
  organisationId = await f.organisation("university");
  labId = await f.lab(organisationId);
  pendingLabId = await f.lab(organisationId, "pending");
  for (const lab of [labId, pendingLabId]) {
    const instrument = await f.instrument(lab);
    await f.q(`update public.instruments set name_en = $2 where id = $1`, [instrument, `${T} instrument`]);
  }
  [admin, applicant] = await Promise.all([f.bureau("admin"), f.engineer(organisationId)]);
}, 120_000);

afterAll(() => f.end());

describe("public.catalogue_page", () => {
  it("answers the page as search_instruments finds it, with the rows the cards show (RLS: no pending lab's instrument for visitors)", async () => {
    forgetCatalogueReference();
    const loaded = await page();
    expect(loaded.total).toBe(1);
    expect(loaded.items).toHaveLength(1);
    const [item] = loaded.items;
    expect(item.labs.id).toBe(labId);
    expect(item.name_en).toBe(`${T} instrument`);
    expect(item.category?.code).toMatch(/^k_/);
    expect(item.labs.district?.code).toMatch(/^d_/);
    expect(item).toHaveProperty("photo", null);
    // The pending lab's staff see its instrument too (security invoker: their RLS).
    const staff = await f.labStaff(pendingLabId);
    const asStaff = await loadCataloguePage(staff.client, new URLSearchParams(`q=${T}`), "zh-CN");
    expect(asStaff.items.map((i) => i.labs.id).sort()).toEqual([labId, pendingLabId].sort());
  });

  it("gives the filter form the options it showed before (the former four queries), in the reader's language only", async () => {
    forgetCatalogueReference();
    const [loaded, former] = await Promise.all([page(), getCatalogueReference(anonClient())]);
    expect(loaded.options).toEqual(catalogueFormOptions(former, "zh-CN"));
    expect(loaded.options.labs.some((l) => l.id === labId)).toBe(true);
    expect(loaded.options.labs.some((l) => l.id === pendingLabId)).toBe(false);
    const lab = former.labs.find((l) => l.id === labId);
    expect(loaded.options.labs.find((l) => l.id === labId)).toEqual({ id: labId, name: lab?.name_zh });
    const english = await loadCataloguePage(anonClient(), new URLSearchParams(`q=${T}`), "en");
    expect(english.options.labs.find((l) => l.id === labId)).toEqual({ id: labId, name: lab?.name_en });
    // Two levels of categories, the child naming its parent by code.
    const child = former.categories.find((c) => c.parent_id !== null);
    const parent = former.categories.find((c) => c.id === child?.parent_id);
    expect(english.options.categories.find((c) => c.code === child?.code)).toEqual({ code: child?.code, name: child?.name_en, parent: parent?.code });
  });

  it("sends the reference data only when the caller's version is out of date", async () => {
    const current = Number(await version());
    const anon = anonClient();
    const stale = await anon.rpc("catalogue_page", { p_q: T, p_reference_version: current - 1 });
    expect(stale.error).toBeNull();
    expect(stale.data).toMatchObject({ reference_version: current, total: 1 });
    expect((stale.data as { reference: { labs: unknown[] } | null }).reference?.labs.length).toBeGreaterThan(0);
    const fresh = await anon.rpc("catalogue_page", { p_q: T, p_reference_version: current });
    expect(fresh.data).toMatchObject({ reference_version: current, reference: null, total: 1 });
    // Bad input is refused as search_instruments refuses it.
    const bad = await anon.rpc("catalogue_page", { p_q: T, p_sort: "nonsense" });
    expect(bad.error?.message).toBe("BOOKING_INVALID_INPUT");
  });

  it("is callable by visitors and signed-in users; the version table and its helpers are not theirs", async () => {
    expect((await applicant.client.rpc("catalogue_page", { p_q: T })).error).toBeNull();
    for (const client of [anonClient(), applicant.client]) {
      const table = await client.schema("private" as "public").from("catalogue_reference_version" as "labs").select("*");
      expect(table.error?.code).toBe("PGRST106"); // private is not served
    }
    const { rows } = await f.db.query<{ anon: boolean; authenticated: boolean }>(
      `select has_table_privilege('anon', 'private.catalogue_reference_version', 'select, update') as anon,
              has_table_privilege('authenticated', 'private.catalogue_reference_version', 'select, update') as authenticated`,
    );
    expect(rows[0]).toEqual({ anon: false, authenticated: false });
  });
});

describe("the reference data each app process keeps", () => {
  it("shows a lab approved a moment ago on the next page load", async () => {
    const before = await page(); // the process now holds the reference data
    const name = `刚批准的实验室 ${randomUUID().slice(0, 6)}`;
    expect(before.options.labs.some((l) => l.name === name)).toBe(false);
    const { districtId } = await f.reference();
    const applied = await applicant.client.rpc("apply_for_lab", {
      p_organisation_id: organisationId,
      p_name_zh: name,
      p_name_en: `Just approved lab ${T}`,
      p_district_id: districtId,
      p_address_zh: "常州市新北区测试路 2 号",
      p_contact_name: "测试联系人",
      p_contact_email: "lab@example.test",
      p_accreditations: "CNAS",
    });
    expect(applied.error).toBeNull();
    const application = applied.data as unknown as { id: string };
    expect((await admin.client.rpc("decide_lab_application", { p_application_id: application.id, p_approve: true })).error).toBeNull();

    const after = await page();
    expect(after.options.labs.some((l) => l.name === name)).toBe(true);
    expect(after.options.accreditations).toContain("CNAS");
  });

  it("follows a renamed, a suspended and a reinstated lab, and a new category", async () => {
    await page();
    const renamed = `改名实验室 ${randomUUID().slice(0, 6)}`;
    await f.q(`update public.labs set name_zh = $2 where id = $1`, [labId, renamed]);
    expect((await page()).options.labs.find((l) => l.id === labId)?.name).toBe(renamed);

    expect((await admin.client.rpc("set_lab_suspended", { p_lab_id: labId, p_suspend: true, p_reason: "测试暂停" })).error).toBeNull();
    expect((await page()).options.labs.some((l) => l.id === labId)).toBe(false);
    expect((await admin.client.rpc("set_lab_suspended", { p_lab_id: labId, p_suspend: false })).error).toBeNull();
    expect((await page()).options.labs.some((l) => l.id === labId)).toBe(true);

    const code = `k_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    await f.q(`insert into public.instrument_categories (code, name_zh, name_en) values ($1, '新类别', 'New category')`, [code]);
    const withCategory = await page(`q=${T}&category=${code}`);
    expect(withCategory.options.categories.some((c) => c.code === code)).toBe(true);
    // The category exists now, so the filter applies (nothing of this file is in it) rather than
    // "unknown code": both answer no results, but the form offers the new category.
    expect(withCategory.total).toBe(0);
  });

  it("is not re-sent for changes the reference does not show", async () => {
    await page();
    const held = await version();
    await f.q(`update public.labs set description_zh = 'unrelated change' where id = $1`, [labId]);
    await f.q(`update public.instruments set model = 'X-1' where lab_id = $1`, [labId]);
    expect(await version()).toBe(held);
    const anon = anonClient();
    expect((await anon.rpc("catalogue_page", { p_q: T, p_reference_version: Number(held) })).data).toMatchObject({ reference: null });
  });
});
