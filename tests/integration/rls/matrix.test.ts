// The RLS matrix (DESIGN §8): every table in `public` × every role × select/insert/update/delete,
// through supabase-js and the real PostgREST with real JWTs, each cell with its expected outcome.
// A cell is "allowed" when the operation takes effect on the target row; "denied" when it errors or
// touches nothing. Fixtures are written with the superuser connection; nothing depends on seed data.
import { randomUUID } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeekday, shanghai, shanghaiDate } from "../../support/fixtures.ts";
import { anonClient, createSignedInUser, type TestUser } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

type Role = "anon" | "engineer" | "otherEngineer" | "labStaff" | "technician" | "otherLabStaff" | "bureau";
type Op = "select" | "insert" | "update" | "delete";
// labStaff is a manager of the lab the fixtures belong to; technician is a technician of that lab
// (issue 12 item 3, ADR 017: what a technician may change is narrower than a manager).
const ROLES: Role[] = ["anon", "engineer", "otherEngineer", "labStaff", "technician", "otherLabStaff", "bureau"];
const SIGNED_IN: Role[] = ROLES.filter((r) => r !== "anon");

const db = new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 4 });
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];
const one = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await q<T>(sql, params))[0];

const tag = randomUUID().slice(0, 8);
const clients = {} as Record<Role, SupabaseClient>;
const users = {} as Record<Exclude<Role, "anon">, TestUser>;
/** Ids of the fixture world. */
const w = {} as Record<string, string>;
/** The Shanghai day of a completed booking in the past (it feeds the rollup rows the matrix reads), and its month. */
const DONE_DAY = shanghaiDate(-40);
const DONE_MONTH = `${DONE_DAY.slice(0, 8)}01`;

/** A user that exists but never signs in (a new member, technician, …). */
async function plainUser(): Promise<string> {
  const id = randomUUID();
  await q(
    `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
       raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', now(),
       '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
    [id, `plain-${id.slice(0, 8)}@example.test`],
  );
  return id;
}

const code = (prefix: string) => `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

async function newOrganisation(name: string, kind = "sme"): Promise<string> {
  return (await one<{ id: string }>(`insert into public.organisations (name_zh, kind) values ($1, $2) returning id`, [name, kind])).id;
}

async function newLab(organisationId: string, status = "approved"): Promise<string> {
  return (
    await one<{ id: string }>(
      `insert into public.labs (organisation_id, name_zh, name_en, district_id, address_zh, status)
       values ($1, $2, $3, $4, '常州市测试路 1 号', $5) returning id`,
      [organisationId, `实验室 ${tag}-${randomUUID().slice(0, 4)}`, `Lab ${tag}`, w.district, status],
    )
  ).id;
}

async function newInstrument(labId: string): Promise<string> {
  return (
    await one<{ id: string }>(
      `insert into public.instruments (lab_id, category_id, name_zh, name_en, hourly_rate_cny, sme_rate_cny)
       values ($1, $2, $3, 'Test instrument', 500, 400) returning id`,
      [labId, w.category, `测试仪器 ${randomUUID().slice(0, 6)}`],
    )
  ).id;
}

beforeAll(async () => {
  const [engineer, otherEngineer, labStaff, technician, otherLabStaff, bureau] = await Promise.all([
    createSignedInUser({ display_name: "Engineer" }),
    createSignedInUser({ display_name: "Other engineer" }),
    createSignedInUser({ display_name: "Lab staff" }),
    createSignedInUser({ display_name: "Technician" }),
    createSignedInUser({ display_name: "Other lab staff" }),
    createSignedInUser({ display_name: "Bureau" }),
  ]);
  Object.assign(users, { engineer, otherEngineer, labStaff, technician, otherLabStaff, bureau });
  clients.anon = anonClient();
  for (const role of SIGNED_IN) clients[role] = users[role as Exclude<Role, "anon">].client;

  w.district = (await one<{ id: string }>(`insert into public.districts (code, name_zh, name_en) values ($1, '测试区', 'Test') returning id`, [code("d")])).id;
  w.chain = (await one<{ id: string }>(`insert into public.industrial_chains (code, name_zh, name_en) values ($1, '测试链', 'Test chain') returning id`, [code("c")])).id;
  w.chain2 = (await one<{ id: string }>(`insert into public.industrial_chains (code, name_zh, name_en) values ($1, '测试链二', 'Test chain 2') returning id`, [code("c")])).id;
  w.category = (await one<{ id: string }>(`insert into public.instrument_categories (code, name_zh, name_en) values ($1, '测试类', 'Test category') returning id`, [code("k")])).id;

  w.orgA = await newOrganisation(`甲公司 ${tag}`);
  w.orgB = await newOrganisation(`乙公司 ${tag}`);
  w.orgU = await newOrganisation(`大学 ${tag}`, "university");
  w.orgV = await newOrganisation(`研究院 ${tag}`, "institute");
  w.member = await plainUser();
  await q(
    `insert into public.organisation_members (organisation_id, user_id, role) values ($1, $2, 'owner'), ($3, $4, 'owner'), ($1, $5, 'member')`,
    [w.orgA, engineer.id, w.orgB, otherEngineer.id, w.member],
  );
  await q(`update public.profiles set organisation_id = $1 where id = $2`, [w.orgA, engineer.id]);

  w.orgEvent = (await one<{ id: string }>(`insert into public.organisation_events (organisation_id, actor_id, kind) values ($1, $2, 'created') returning id`, [w.orgA, engineer.id])).id;
  w.invitation = (
    await one<{ id: string }>(`insert into public.organisation_invitations (organisation_id, email, invited_by) values ($1, $2, $3) returning id`, [
      w.orgA,
      otherEngineer.email,
      engineer.id,
    ])
  ).id;
  w.joinRequest = (
    await one<{ id: string }>(`insert into public.organisation_join_requests (organisation_id, user_id) values ($1, $2) returning id`, [w.orgA, otherEngineer.id])
  ).id;

  w.lab = await newLab(w.orgU);
  w.otherLab = await newLab(w.orgV);
  w.technician = technician.id;
  await q(
    `insert into public.lab_members (lab_id, user_id, role) values ($1, $2, 'manager'), ($3, $4, 'manager'), ($1, $5, 'technician')`,
    [w.lab, labStaff.id, w.otherLab, otherLabStaff.id, w.technician],
  );
  await q(`insert into public.lab_staff_settings (user_id, request_mail) values ($1, 'immediate')`, [engineer.id]);
  await q(`insert into public.lab_calendar_feeds (lab_id, user_id, token_hash) values ($1, $2, extensions.gen_random_bytes(32))`, [w.lab, labStaff.id]);
  w.analyst = await plainUser();
  await q(`insert into public.bureau_staff (user_id, role) values ($1, 'admin'), ($2, 'analyst')`, [bureau.id, w.analyst]);

  w.instrument = await newInstrument(w.lab);
  await q(`insert into public.instrument_chains (instrument_id, chain_id) values ($1, $2)`, [w.instrument, w.chain]);
  await q(`insert into public.instrument_authorisations (instrument_id, user_id, granted_by) values ($1, $2, $3)`, [w.instrument, engineer.id, labStaff.id]);
  w.rule = (await one<{ id: string }>(`insert into public.availability_rules (instrument_id, weekday, start_time, end_time) values ($1, 1, '08:30', '17:30') returning id`, [w.instrument])).id;
  // A whole Shanghai Monday four to five weeks ahead: the instrument opens on Mondays only, so the
  // closure takes opening hours away on that day whatever day and hour the suite runs.
  let closedDay = shanghaiDate(28);
  while (isoWeekday(closedDay) !== 1) closedDay = shanghaiDate(1, shanghai(closedDay));
  w.exception = (
    await one<{ id: string }>(
      `insert into public.availability_exceptions (instrument_id, kind, during) values ($1, 'closure', tstzrange($2, $3)) returning id`,
      [w.instrument, shanghai(closedDay).toISOString(), shanghai(closedDay, "24:00").toISOString()],
    )
  ).id;
  w.booking = (
    await one<{ id: string }>(
      `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
       values ($1, $2, $3, tstzrange(date_trunc('hour', now()) + interval '10 days', date_trunc('hour', now()) + interval '10 days 2 hours'),
               'pending', 'sample_submission', 'RLS matrix', 400, 800) returning id`,
      [w.instrument, engineer.id, w.orgA],
    )
  ).id;
  // A completed booking in the past feeds the utilisation rollups (triggers).
  w.doneBooking = (await one<{ id: string }>(
    `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny, actual_minutes)
     values ($1, $2, $3, tstzrange($4, $5), 'completed', 'sample_submission', 'RLS matrix (done)', 400, 800, 120) returning id`,
    [w.instrument, engineer.id, w.orgA, shanghai(DONE_DAY, "10:00").toISOString(), shanghai(DONE_DAY, "12:00").toISOString()],
  )).id;
  w.exceptionDay = (
    await one<{ day: string }>(`select day::text as day from public.instrument_day_exceptions where instrument_id = $1 order by day limit 1`, [w.instrument])
  ).day;
  w.event = (
    await one<{ id: string }>(`insert into public.booking_events (booking_id, actor_id, to_status) values ($1, $2, 'pending') returning id`, [w.booking, engineer.id])
  ).id;
  // A rating of a completed booking that ended yesterday (inside the 30-day window), by its requester.
  w.ratedBooking = await completedBooking(engineer.id, 1);
  await q(`insert into public.booking_ratings (booking_id, instrument_id, rating, rated_by) values ($1, $2, 4, $3)`, [w.ratedBooking, w.instrument, engineer.id]);
  w.application = (
    await one<{ id: string }>(
      `insert into public.lab_applications (applicant_id, organisation_id, name_zh, name_en, district_id, address_zh, contact_name, contact_phone)
       values ($1, $2, '申请实验室', 'Applied lab', $3, '常州市测试路 3 号', '王工', '0519-1234 5678') returning id`,
      [engineer.id, w.orgA, w.district],
    )
  ).id;
  w.adminEvent = (
    await one<{ id: string }>(
      `insert into public.admin_events (actor_id, action, application_id, subject_user_id) values ($1, 'lab_application_submitted', $2, $1) returning id`,
      [engineer.id, w.application],
    )
  ).id;
  w.outbox = (
    await one<{ id: string }>(
      `insert into public.email_outbox (booking_id, event_id, template, recipient_id, recipient_email, idempotency_key)
       values ($1, $2, 'booking_requested', $3, $4, $5) returning id`,
      [w.booking, w.event, engineer.id, engineer.email, `booking_requested/${w.booking}/${tag}`],
    )
  ).id;
});

afterAll(() => db.end());

/** A completed booking of the matrix's instrument by `requester`, ending `daysAgo` days ago. */
async function completedBooking(requester: string, daysAgo: number): Promise<string> {
  return (
    await one<{ id: string }>(
      `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny, actual_minutes)
       values ($1, $2, $3, tstzrange(date_trunc('hour', now()) - make_interval(days => $4, hours => 2), date_trunc('hour', now()) - make_interval(days => $4)),
               'completed', 'sample_submission', 'RLS matrix (rated)', 400, 800, 120) returning id`,
      [w.instrument, requester, w.orgA, daysAgo],
    )
  ).id;
}

interface TableSpec {
  /** The row select and update target. */
  key: () => Record<string, string>;
  /** Values for update: the row's current values, so an allowed update changes nothing visible. */
  update: () => Promise<Record<string, unknown>>;
  /** A fresh row to insert, as the given role would send it. */
  insert: (role: Role) => Promise<Record<string, unknown>>;
  /** Makes a throwaway row (as superuser) and returns its key, for delete. */
  disposable: () => Promise<Record<string, string>>;
  allowed: Record<Op, Role[]>;
}

const all = ROLES;
const none: Role[] = [];
const uid = (role: Role) => (role === "anon" ? randomUUID() : users[role as Exclude<Role, "anon">].id);
const current = (table: string, column: string, key: () => Record<string, string>) => async () => {
  const [k, v] = Object.entries(key())[0];
  const row = await one(`select ${column} from public.${table} where ${k} = $1`, [v]);
  return { [column]: row[column] };
};

function referenceTable(table: "districts" | "industrial_chains" | "instrument_categories", prefix: string): TableSpec {
  const key = () => ({ id: table === "districts" ? w.district : table === "industrial_chains" ? w.chain : w.category });
  return {
    key,
    update: current(table, "sort_order", key),
    insert: async () => ({ code: code(prefix), name_zh: "新增", name_en: "New" }),
    disposable: async () => ({
      id: (await one<{ id: string }>(`insert into public.${table} (code, name_zh, name_en) values ($1, '临时', 'Temp') returning id`, [code(prefix)])).id,
    }),
    allowed: { select: all, insert: ["bureau"], update: ["bureau"], delete: ["bureau"] },
  };
}

const specs: Record<string, TableSpec> = {
  profiles: {
    key: () => ({ id: users.engineer.id }),
    update: current("profiles", "display_name", () => ({ id: users.engineer.id })),
    insert: async (role) => ({ id: uid(role), display_name: "twice" }),
    disposable: async () => ({ id: await plainUser() }),
    allowed: { select: ["engineer", "labStaff", "technician", "bureau"], insert: none, update: ["engineer"], delete: none },
  },
  districts: referenceTable("districts", "d"),
  industrial_chains: referenceTable("industrial_chains", "c"),
  instrument_categories: referenceTable("instrument_categories", "k"),
  organisations: {
    key: () => ({ id: w.orgA }),
    update: current("organisations", "name_zh", () => ({ id: w.orgA })),
    insert: async (role) => ({ name_zh: `新公司 ${randomUUID().slice(0, 6)}`, kind: "sme", created_by: uid(role) }),
    disposable: async () => ({ id: await newOrganisation(`临时公司 ${randomUUID().slice(0, 6)}`) }),
    // created only through create_organisation; owners and bureau admins edit details (not kind,
    // credit code or SME status: column privileges, tested in tests/integration/organisations)
    allowed: { select: ["engineer", "bureau"], insert: none, update: ["engineer", "bureau"], delete: ["bureau"] },
  },
  organisation_members: {
    key: () => ({ organisation_id: w.orgA, user_id: w.member }),
    update: async () => ({ role: "member" }),
    insert: async () => ({ organisation_id: w.orgA, user_id: await plainUser(), role: "member" }),
    disposable: async () => {
      const user = await plainUser();
      await q(`insert into public.organisation_members (organisation_id, user_id) values ($1, $2)`, [w.orgA, user]);
      return { organisation_id: w.orgA, user_id: user };
    },
    // membership changes only through the organisation functions (consent): no direct writes at all
    allowed: { select: ["engineer", "bureau"], insert: none, update: none, delete: none },
  },
  organisation_events: {
    key: () => ({ id: w.orgEvent }),
    update: async () => ({ detail: {} }),
    insert: async (role) => ({ organisation_id: w.orgA, actor_id: uid(role), kind: "member_removed" }),
    disposable: async () => ({
      id: (await one<{ id: string }>(`insert into public.organisation_events (organisation_id, kind) values ($1, 'details_updated') returning id`, [w.orgA])).id,
    }),
    allowed: { select: ["engineer", "bureau"], insert: none, update: none, delete: none },
  },
  organisation_invitations: {
    // an invitation of otherEngineer's address to orgA: the owner, the invitee and the bureau read it
    key: () => ({ id: w.invitation }),
    update: async () => ({ status: "pending" }),
    insert: async (role) => ({ organisation_id: w.orgA, email: `forged-${role}-${randomUUID().slice(0, 6)}@example.test`, role: "owner" }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(`insert into public.organisation_invitations (organisation_id, email) values ($1, $2) returning id`, [
          w.orgA,
          `gone-${randomUUID().slice(0, 8)}@example.test`,
        ])
      ).id,
    }),
    allowed: { select: ["engineer", "otherEngineer", "bureau"], insert: none, update: none, delete: none },
  },
  organisation_join_requests: {
    // otherEngineer asks to join orgA: the owner, the requester and the bureau read it
    key: () => ({ id: w.joinRequest }),
    update: async () => ({ status: "pending" }),
    insert: async (role) => ({ organisation_id: w.orgA, user_id: uid(role), status: "approved" }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(`insert into public.organisation_join_requests (organisation_id, user_id, status) values ($1, $2, 'withdrawn') returning id`, [
          w.orgA,
          await plainUser(),
        ])
      ).id,
    }),
    allowed: { select: ["engineer", "otherEngineer", "bureau"], insert: none, update: none, delete: none },
  },
  bureau_staff: {
    key: () => ({ user_id: w.analyst }),
    update: async () => ({ role: "analyst" }),
    insert: async () => ({ user_id: await plainUser(), role: "analyst" }),
    disposable: async () => {
      const user = await plainUser();
      await q(`insert into public.bureau_staff (user_id) values ($1)`, [user]);
      return { user_id: user };
    },
    allowed: { select: ["bureau"], insert: ["bureau"], update: ["bureau"], delete: ["bureau"] },
  },
  labs: {
    key: () => ({ id: w.lab }),
    update: current("labs", "contact_name", () => ({ id: w.lab })),
    insert: async () => ({
      organisation_id: w.orgA,
      name_zh: `新实验室 ${randomUUID().slice(0, 6)}`,
      name_en: "New lab",
      district_id: w.district,
      address_zh: "常州市新路 2 号",
    }),
    disposable: async () => ({ id: await newLab(w.orgU) }),
    // labs come into being only through an approved application (decide_lab_application)
    allowed: { select: all, insert: none, update: ["labStaff", "bureau"], delete: ["bureau"] },
  },
  lab_members: {
    key: () => ({ lab_id: w.lab, user_id: w.technician }),
    update: async () => ({ role: "technician" }),
    insert: async () => ({ lab_id: w.lab, user_id: await plainUser(), role: "technician" }),
    disposable: async () => {
      const user = await plainUser();
      await q(`insert into public.lab_members (lab_id, user_id, role) values ($1, $2, 'technician')`, [w.lab, user]);
      return { lab_id: w.lab, user_id: user };
    },
    allowed: { select: ["labStaff", "technician", "bureau"], insert: ["labStaff", "bureau"], update: ["bureau"], delete: ["labStaff", "bureau"] },
  },
  instruments: {
    key: () => ({ id: w.instrument }),
    update: current("instruments", "model", () => ({ id: w.instrument })),
    insert: async () => ({
      lab_id: w.lab,
      category_id: w.category,
      name_zh: `新仪器 ${randomUUID().slice(0, 6)}`,
      name_en: "New instrument",
      hourly_rate_cny: 300,
      sme_rate_cny: 200,
    }),
    disposable: async () => ({ id: await newInstrument(w.lab) }),
    // Technicians edit the catalogue text (the update writes `model`), not add or delete instruments.
    allowed: { select: all, insert: ["labStaff"], update: ["labStaff", "technician"], delete: ["labStaff"] },
  },
  instrument_chains: {
    key: () => ({ instrument_id: w.instrument, chain_id: w.chain }),
    update: async () => ({ chain_id: w.chain }),
    insert: async () => ({ instrument_id: await newInstrument(w.lab), chain_id: w.chain2 }),
    disposable: async () => {
      const instrument = await newInstrument(w.lab);
      await q(`insert into public.instrument_chains (instrument_id, chain_id) values ($1, $2)`, [instrument, w.chain]);
      return { instrument_id: instrument, chain_id: w.chain };
    },
    allowed: { select: all, insert: ["labStaff", "technician"], update: ["labStaff", "technician"], delete: ["labStaff", "technician"] },
  },
  instrument_authorisations: {
    key: () => ({ instrument_id: w.instrument, user_id: users.engineer.id }),
    update: current("instrument_authorisations", "note", () => ({ instrument_id: w.instrument })),
    insert: async (role) => ({ instrument_id: w.instrument, user_id: await plainUser(), granted_by: uid(role) }),
    disposable: async () => {
      const user = await plainUser();
      await q(`insert into public.instrument_authorisations (instrument_id, user_id) values ($1, $2)`, [w.instrument, user]);
      return { instrument_id: w.instrument, user_id: user };
    },
    allowed: {
      select: ["engineer", "labStaff", "technician", "bureau"],
      insert: ["labStaff", "technician"],
      update: ["labStaff", "technician"],
      delete: ["labStaff", "technician"],
    },
  },
  availability_rules: {
    key: () => ({ id: w.rule }),
    update: current("availability_rules", "end_time", () => ({ id: w.rule })),
    insert: async () => ({ instrument_id: await newInstrument(w.lab), weekday: 2, start_time: "09:00", end_time: "12:00" }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(
          `insert into public.availability_rules (instrument_id, weekday, start_time, end_time) values ($1, 3, '09:00', '10:00') returning id`,
          [await newInstrument(w.lab)],
        )
      ).id,
    }),
    // Weekly hours are the managers' (ADR 017).
    allowed: { select: all, insert: ["labStaff"], update: ["labStaff"], delete: ["labStaff"] },
  },
  availability_exceptions: {
    key: () => ({ id: w.exception }),
    update: current("availability_exceptions", "note_zh", () => ({ id: w.exception })),
    insert: async () => ({ instrument_id: w.instrument, kind: "maintenance", during: "[2030-01-01 00:00+08,2030-01-02 00:00+08)" }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(
          `insert into public.availability_exceptions (instrument_id, kind, during) values ($1, 'maintenance', '[2031-01-01 00:00+08,2031-01-02 00:00+08)') returning id`,
          [w.instrument],
        )
      ).id,
    }),
    // The row updated is a closure (managers only); the inserted and deleted ones are maintenance
    // windows, which technicians schedule too.
    allowed: { select: all, insert: ["labStaff", "technician"], update: ["labStaff"], delete: ["labStaff", "technician"] },
  },
  bookings: {
    key: () => ({ id: w.booking }),
    update: current("bookings", "purpose", () => ({ id: w.booking })),
    insert: async (role) => ({
      instrument_id: w.instrument,
      requester_id: uid(role),
      organisation_id: w.orgA,
      during: "[2030-03-04 09:00+08,2030-03-04 10:00+08)",
      service_mode: "sample_submission",
      purpose: "direct insert",
      rate_cny: 0,
      estimated_cost_cny: 0,
      status: "confirmed",
    }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(
          `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose, rate_cny, estimated_cost_cny)
           values ($1, $2, $3, tstzrange(now() - interval '400 days', now() - interval '399 days'), 'cancelled', 'sample_submission', 'old', 1, 1) returning id`,
          [w.instrument, users.engineer.id, w.orgA],
        )
      ).id,
    }),
    allowed: { select: ["engineer", "labStaff", "technician", "bureau"], insert: none, update: none, delete: none },
  },
  booking_events: {
    key: () => ({ id: w.event }),
    update: async () => ({ note: null }),
    insert: async (role) => ({ booking_id: w.booking, actor_id: uid(role), to_status: "confirmed" }),
    disposable: async () => ({
      id: (await one<{ id: string }>(`insert into public.booking_events (booking_id, to_status) values ($1, 'pending') returning id`, [w.booking])).id,
    }),
    allowed: { select: ["engineer", "labStaff", "technician", "bureau"], insert: none, update: none, delete: none },
  },
  email_outbox: {
    key: () => ({ id: w.outbox }),
    update: async () => ({ status: "pending" }),
    insert: async (role) => ({
      template: "booking_requested",
      recipient_email: "x@example.test",
      idempotency_key: `forged/${role}/${randomUUID()}`,
    }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(
          `insert into public.email_outbox (template, recipient_email, idempotency_key) values ('booking_requested', 'y@example.test', $1) returning id`,
          [`disposable/${randomUUID()}`],
        )
      ).id,
    }),
    allowed: { select: ["bureau"], insert: none, update: none, delete: none },
  },
  booking_ratings: {
    key: () => ({ booking_id: w.ratedBooking }),
    update: async () => ({ rating: 4 }),
    insert: async (role) => ({ booking_id: await completedBooking(users.engineer.id, 2), instrument_id: w.instrument, rating: 5, rated_by: uid(role) }),
    disposable: async () => {
      const booking = await completedBooking(users.engineer.id, 3);
      await q(`insert into public.booking_ratings (booking_id, instrument_id, rating, rated_by) values ($1, $2, 3, $3)`, [booking, w.instrument, users.engineer.id]);
      return { booking_id: booking };
    },
    allowed: { select: ["engineer", "labStaff", "technician", "bureau"], insert: none, update: none, delete: none },
  },
  lab_applications: {
    key: () => ({ id: w.application }),
    update: current("lab_applications", "contact_name", () => ({ id: w.application })),
    insert: async (role) => ({
      applicant_id: uid(role),
      organisation_id: w.orgA,
      name_zh: "直接插入",
      name_en: "Direct insert",
      district_id: w.district,
      address_zh: "常州市测试路 4 号",
      contact_name: "王工",
      contact_phone: "0519-1234 5678",
    }),
    disposable: async () => ({
      id: (
        await one<{ id: string }>(
          `insert into public.lab_applications (applicant_id, organisation_id, name_zh, name_en, district_id, address_zh, contact_name, contact_email)
           values ($1, $2, '临时申请', 'Temp', $3, '常州市测试路 5 号', '王工', 'a@example.test') returning id`,
          [users.engineer.id, w.orgA, w.district],
        )
      ).id,
    }),
    allowed: { select: ["engineer", "bureau"], insert: none, update: none, delete: none },
  },
  admin_events: {
    key: () => ({ id: w.adminEvent }),
    update: async () => ({ reason: null }),
    insert: async (role) => ({ actor_id: uid(role), action: "lab_suspended" }),
    disposable: async () => ({
      id: (await one<{ id: string }>(`insert into public.admin_events (action) values ('lab_reinstated') returning id`)).id,
    }),
    allowed: { select: ["bureau"], insert: none, update: none, delete: none },
  },
};

/**
 * Utilisation rollups: written by triggers only, read by the bureau and the instrument's lab.
 * Daily tables are keyed by `day`; the monthly ones (007) by `month`, a month's first day.
 */
function rollupTable(
  table: string,
  key: () => Record<string, string>,
  extra: () => Record<string, unknown>,
  date: { column: "day" | "month"; insert: string; disposable: string } = { column: "day", insert: "2031-05-05", disposable: "2031-05-06" },
): TableSpec {
  return {
    key,
    update: async () => extra(),
    insert: async () => ({ instrument_id: w.instrument, [date.column]: date.insert, ...extra() }),
    disposable: async () => {
      const instrument = await newInstrument(w.lab);
      const values = { instrument_id: instrument, [date.column]: date.disposable, ...extra() };
      const columns = Object.keys(values);
      await q(
        `insert into public.${table} (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        Object.values(values),
      );
      return { instrument_id: instrument, [date.column]: date.disposable };
    },
    allowed: { select: ["labStaff", "technician", "bureau"], insert: none, update: none, delete: none },
  };
}
specs.instrument_day_stats = rollupTable("instrument_day_stats", () => ({ instrument_id: w.instrument, day: DONE_DAY }), () => ({ bookings: 1 }));
specs.instrument_day_orgs = rollupTable(
  "instrument_day_orgs",
  () => ({ instrument_id: w.instrument, day: DONE_DAY, organisation_id: w.orgA }),
  () => ({ organisation_id: w.orgA, bookings: 1 }),
);
specs.instrument_day_exceptions = rollupTable(
  "instrument_day_exceptions",
  () => ({ instrument_id: w.instrument, day: w.exceptionDay }),
  () => ({ delta_minutes: -540 }),
);

const MONTHS = { column: "month", insert: "2031-05-01", disposable: "2031-06-01" } as const;
// The completed booking above is in DONE_MONTH.
specs.instrument_month_stats = rollupTable(
  "instrument_month_stats",
  () => ({ instrument_id: w.instrument, month: DONE_MONTH }),
  () => ({ bookings: 1 }),
  MONTHS,
);
specs.instrument_month_orgs = rollupTable(
  "instrument_month_orgs",
  () => ({ instrument_id: w.instrument, month: DONE_MONTH, organisation_id: w.orgA }),
  () => ({ organisation_id: w.orgA, bookings: 1 }),
  MONTHS,
);

/** Lab-month rollups (007): like the instrument rollups, keyed by lab and month. */
let labMonths = 0;
function labRollupTable(table: string, key: () => Record<string, string>, extra: () => Record<string, unknown>): TableSpec {
  return {
    key,
    update: async () => extra(),
    insert: async () => ({ lab_id: w.lab, month: "2031-05-01", ...extra() }),
    disposable: async () => {
      // a month of its own per call, in the lab whose staff the matrix signs in
      const month = `${2040 + Math.floor(labMonths / 12)}-${String((labMonths % 12) + 1).padStart(2, "0")}-01`;
      labMonths += 1;
      const values = { lab_id: w.lab, month, ...extra() };
      const columns = Object.keys(values);
      await q(
        `insert into public.${table} (${columns.join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
        Object.values(values),
      );
      return { lab_id: w.lab, month };
    },
    allowed: { select: ["labStaff", "technician", "bureau"], insert: none, update: none, delete: none },
  };
}
// shard 0 of the lab-month (018): it carries the organisations counter of the completed booking
specs.lab_month_stats = labRollupTable("lab_month_stats", () => ({ lab_id: w.lab, month: DONE_MONTH, shard: "0" }), () => ({ bookings: 1 }));
specs.lab_month_orgs = labRollupTable(
  "lab_month_orgs",
  () => ({ lab_id: w.lab, month: DONE_MONTH, organisation_id: w.orgA }),
  () => ({ organisation_id: w.orgA, bookings: 1 }),
);

// Lab staff's own settings (20261207): each user reads and writes only their own row.
specs.lab_staff_settings = {
  key: () => ({ user_id: users.engineer.id }),
  update: async () => ({ request_mail: "digest" }),
  insert: async (role) => ({ user_id: uid(role), request_mail: "digest" }),
  disposable: async () => {
    const user = await plainUser();
    await q(`insert into public.lab_staff_settings (user_id, request_mail) values ($1, 'none')`, [user]);
    return { user_id: user };
  },
  // the engineer already has a row (the key), so their insert is a duplicate
  allowed: { select: ["engineer"], insert: ["otherEngineer", "labStaff", "technician", "otherLabStaff", "bureau"], update: ["engineer"], delete: none },
};
// Calendar feeds (20261207): the owner sees that theirs is on; written only by enable/disable_lab_feed.
specs.lab_calendar_feeds = {
  key: () => ({ lab_id: w.lab, user_id: users.labStaff.id }),
  update: async () => ({ created_at: "2030-01-01T00:00:00Z" }),
  insert: async (role) => ({ lab_id: w.lab, user_id: uid(role), token_hash: "\\x" + "ab".repeat(32) }),
  disposable: async () => {
    const user = await plainUser();
    await q(`insert into public.lab_calendar_feeds (lab_id, user_id, token_hash) values ($1, $2, extensions.gen_random_bytes(32))`, [w.lab, user]);
    return { lab_id: w.lab, user_id: user };
  },
  allowed: { select: ["labStaff"], insert: none, update: none, delete: none },
};
// Bureau statistics (018): instrument-month figures like the other instrument rollups; the
// network's organisations per month for the bureau only.
specs.instrument_month_figures = rollupTable(
  "instrument_month_figures",
  () => ({ instrument_id: w.instrument, month: DONE_MONTH }),
  () => ({ bookings: 1 }),
  MONTHS,
);
let networkMonths = 0;
specs.network_month_orgs = {
  key: () => ({ month: DONE_MONTH, organisation_id: w.orgA }),
  update: async () => ({ bookings: 1 }),
  insert: async () => ({ month: "2031-05-01", organisation_id: w.orgA, bookings: 1 }),
  disposable: async () => {
    const month = `${2050 + Math.floor(networkMonths / 12)}-${String((networkMonths % 12) + 1).padStart(2, "0")}-01`;
    networkMonths += 1;
    await q(`insert into public.network_month_orgs (month, organisation_id, bookings) values ($1, $2, 1)`, [month, w.orgA]);
    return { month, organisation_id: w.orgA };
  },
  allowed: { select: ["bureau"], insert: none, update: none, delete: none },
};

// Organisations-served bitmaps (023): read by the bureau only, written only by triggers.
let bitMonths = 0;
const nextBitMonth = () => {
  const month = `${2060 + Math.floor(bitMonths / 12)}-${String((bitMonths % 12) + 1).padStart(2, "0")}-01`;
  bitMonths += 1;
  return month;
};
specs.stats_org_numbers = {
  key: () => ({ organisation_id: w.orgA }),
  update: async () => ({ organisation_id: w.orgA }),
  insert: async () => ({ organisation_id: randomUUID() }),
  disposable: async () => {
    const id = randomUUID();
    await q(`insert into public.stats_org_numbers (organisation_id) values ($1)`, [id]);
    return { organisation_id: id };
  },
  allowed: { select: ["bureau"], insert: none, update: none, delete: none },
};
specs.lab_month_org_bits = {
  key: () => ({ lab_id: w.lab, month: DONE_MONTH }),
  update: async () => ({ bits: "1" }),
  insert: async () => ({ lab_id: w.lab, month: "2031-05-01", bits: "1" }),
  disposable: async () => {
    const month = nextBitMonth();
    await q(`insert into public.lab_month_org_bits (lab_id, month, bits) values ($1, $2, B'1')`, [w.lab, month]);
    return { lab_id: w.lab, month };
  },
  allowed: { select: ["bureau"], insert: none, update: none, delete: none },
};
specs.group_month_orgs = {
  // the matrix's instrument is in w.chain and has a completed booking of orgA in DONE_MONTH
  key: () => ({ dimension: "chain", group_key: w.chain, month: DONE_MONTH, organisation_id: w.orgA }),
  update: async () => ({ instruments: 1 }),
  insert: async () => ({ dimension: "chain", group_key: w.chain, month: "2031-05-01", organisation_id: w.orgA, instruments: 1 }),
  disposable: async () => {
    const month = nextBitMonth();
    await q(
      `insert into public.group_month_orgs (dimension, group_key, month, organisation_id, instruments) values ('chain', $1, $2, $3, 1)`,
      [w.chain, month, w.orgA],
    );
    return { dimension: "chain", group_key: w.chain, month, organisation_id: w.orgA };
  },
  allowed: { select: ["bureau"], insert: none, update: none, delete: none },
};
specs.group_month_org_bits = {
  key: () => ({ dimension: "chain", group_key: w.chain, month: DONE_MONTH }),
  update: async () => ({ bits: "1" }),
  insert: async () => ({ dimension: "chain", group_key: w.chain, month: "2031-05-01", bits: "1" }),
  disposable: async () => {
    const month = nextBitMonth();
    await q(`insert into public.group_month_org_bits (dimension, group_key, month, bits) values ('chain', $1, $2, B'1')`, [w.chain, month]);
    return { dimension: "chain", group_key: w.chain, month };
  },
  allowed: { select: ["bureau"], insert: none, update: none, delete: none },
};

// Organisations served per instrument and year (20261211010000): like instrument_month_orgs.
specs.instrument_year_orgs = {
  key: () => ({ instrument_id: w.instrument, year: DONE_MONTH.slice(0, 4), organisation_id: w.orgA }),
  update: async () => ({ months: 4095 }),
  insert: async () => ({ instrument_id: w.instrument, year: 2031, organisation_id: w.orgB, months: 1 }),
  disposable: async () => {
    const instrument = await newInstrument(w.lab);
    await q(`insert into public.instrument_year_orgs (instrument_id, year, organisation_id, months) values ($1, 2031, $2, 1)`, [instrument, w.orgA]);
    return { instrument_id: instrument, year: "2031", organisation_id: w.orgA };
  },
  allowed: { select: ["labStaff", "technician", "bureau"], insert: none, update: none, delete: none },
};

/** Tables without any user access, if a later migration adds one; the coverage test keeps this honest. */
const EXTRA_TABLES_WITHOUT_USER_ACCESS = new Set<string>();

async function attempt(role: Role, table: string, op: Op, spec: TableSpec): Promise<boolean> {
  const client = clients[role];
  switch (op) {
    case "select": {
      const { data } = await client.from(table).select("*").match(spec.key());
      return (data?.length ?? 0) === 1;
    }
    case "insert": {
      const { error } = await client.from(table).insert(await spec.insert(role));
      return error === null;
    }
    case "update": {
      const values = await spec.update();
      const { error, count } = await client.from(table).update(values, { count: "exact" }).match(spec.key());
      return error === null && (count ?? 0) === 1;
    }
    case "delete": {
      const key = await spec.disposable();
      const { error } = await client.from(table).delete().match(key);
      const [k, v] = Object.entries(key)[0];
      const [k2, v2] = Object.entries(key)[1] ?? [k, v];
      const left = await q(`select 1 from public.${table} where ${k} = $1 and ${k2} = $2`, [v, v2]);
      return error === null && left.length === 0;
    }
  }
}

describe.each(Object.entries(specs))("RLS on %s", (table, spec) => {
  const cells = ROLES.flatMap((role) => (["select", "insert", "update", "delete"] as Op[]).map((op) => ({ role, op })));
  it.each(cells)("$role $op", async ({ role, op }) => {
    const expected = spec.allowed[op].includes(role);
    expect(await attempt(role, table, op, spec), `${role} ${op} on ${table} should be ${expected ? "allowed" : "denied"}`).toBe(expected);
  });
});

describe("RLS matrix coverage", () => {
  it("covers every table in public", async () => {
    const tables = (await q<{ relname: string }>(
      `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
    )).map((r) => r.relname);
    const missing = tables.filter((t) => !(t in specs) && !EXTRA_TABLES_WITHOUT_USER_ACCESS.has(t));
    expect(missing).toEqual([]);
  });

  it("no one can change their own role or membership", async () => {
    const staffSelf = await users.labStaff.client
      .from("lab_members")
      .update({ role: "manager" }, { count: "exact" })
      .match({ lab_id: w.lab, user_id: users.labStaff.id });
    expect(staffSelf.count ?? 0).toBe(0);
    const leave = await users.labStaff.client.from("lab_members").delete({ count: "exact" }).match({ lab_id: w.lab, user_id: users.labStaff.id });
    expect(leave.count ?? 0).toBe(0);
    const joinOther = await users.labStaff.client.from("lab_members").insert({ lab_id: w.otherLab, user_id: users.labStaff.id, role: "manager" });
    expect(joinOther.error).not.toBeNull();
    const promote = await users.technician.client
      .from("lab_members")
      .update({ role: "manager" }, { count: "exact" })
      .match({ lab_id: w.lab, user_id: users.technician.id });
    expect(promote.count ?? 0).toBe(0);
    const bureauSelf = await users.bureau.client.from("bureau_staff").delete({ count: "exact" }).match({ user_id: users.bureau.id });
    expect(bureauSelf.count ?? 0).toBe(0);
    const becomeBureau = await users.engineer.client.from("bureau_staff").insert({ user_id: users.engineer.id, role: "admin" });
    expect(becomeBureau.error).not.toBeNull();
    const ownerSelf = await users.engineer.client
      .from("organisation_members")
      .update({ role: "member" }, { count: "exact" })
      .match({ organisation_id: w.orgA, user_id: users.engineer.id });
    expect(ownerSelf.count ?? 0).toBe(0);
    const approveOwnLab = await users.labStaff.client.from("labs").update({ status: "suspended" }).eq("id", w.lab);
    expect(approveOwnLab.error?.code).toBe("42501");
    const rows = await q(`select role from public.lab_members where lab_id = $1 and user_id = $2`, [w.lab, users.labStaff.id]);
    expect(rows).toEqual([{ role: "manager" }]);
  });
});

describe("column ownership between managers and technicians (ADR 017)", () => {
  const managerColumns: Record<string, unknown>[] = [
    { hourly_rate_cny: 499 },
    { sme_rate_cny: 399 },
    { requires_approval: false },
    { requires_authorisation: true },
    { service_modes: ["self_operation"] },
    { lead_time_hours: 1 },
    { cancellation_deadline_hours: 1 },
    { max_advance_days: 30 },
    { original_value_cny: 1 },
    { status: "retired" },
  ];

  it.each(managerColumns)("a technician may not change %o; the lab's manager may", async (change) => {
    const instrument = await newInstrument(w.lab);
    const denied = await clients.technician.from("instruments").update(change).eq("id", instrument);
    expect(denied.error?.code).toBe("42501");
    const allowed = await clients.labStaff.from("instruments").update(change, { count: "exact" }).eq("id", instrument);
    expect(allowed.error).toBeNull();
    expect(allowed.count).toBe(1);
    const other = await clients.otherLabStaff.from("instruments").update(change, { count: "exact" }).eq("id", instrument);
    expect(other.count ?? 0).toBe(0);
  });

  it("a technician may not set weekly hours, closures or extra openings; the manager may", async () => {
    const instrument = await newInstrument(w.lab);
    const hours = [{ weekday: "2", start: "09:00", end: "12:00" }];
    expect((await clients.technician.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: hours })).error?.code).toBe("42501");
    expect((await clients.otherLabStaff.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: hours })).error?.code).toBe("42501");
    expect((await clients.labStaff.rpc("set_opening_hours", { p_instrument_ids: [instrument], p_hours: hours })).error).toBeNull();
    for (const kind of ["closure", "extra_opening"]) {
      const row = { instrument_id: instrument, kind, during: "[2032-01-01 00:00+08,2032-01-02 00:00+08)" };
      expect((await clients.technician.from("availability_exceptions").insert(row)).error?.code, kind).toBe("42501");
    }
  });

  it("only the lab's manager retires an instrument through retire_instrument", async () => {
    const instrument = await newInstrument(w.lab);
    for (const role of ["technician", "otherLabStaff", "engineer", "bureau"] as Role[]) {
      const { error } = await clients[role].rpc("retire_instrument", { p_instrument_id: instrument });
      expect(error?.code, role).toBe("42501");
    }
    expect((await clients.anon.rpc("retire_instrument", { p_instrument_id: instrument })).error).not.toBeNull();
    expect((await clients.labStaff.rpc("retire_instrument", { p_instrument_id: instrument })).error).toBeNull();
  });

  it("only the lab's staff write photos under the lab's instrument folders", async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const key = `${w.lab}/${w.instrument}/matrix-${randomUUID().slice(0, 6)}.png`;
    for (const role of ["anon", "engineer", "otherLabStaff", "bureau"] as Role[]) {
      const { error } = await clients[role].storage.from("instrument-photos").upload(key, bytes, { contentType: "image/png" });
      expect(error, role).not.toBeNull();
    }
    expect((await clients.technician.storage.from("instrument-photos").upload(key, bytes, { contentType: "image/png" })).error).toBeNull();
    expect((await clients.otherLabStaff.storage.from("instrument-photos").remove([key])).data ?? []).toEqual([]);
    expect((await clients.labStaff.storage.from("instrument-photos").remove([key])).data).toHaveLength(1);
  });
});

describe("functions exposed through the API", () => {
  // PostgREST exposes every function in `public` that the caller may execute, and Supabase grants
  // new functions to anon and authenticated by default: each migration must revoke what users
  // should not call. These lists are the API surface; change them deliberately.
  // catalogue_page (20261210100000): search_instruments plus the page's rows and the filter form's reference data, as the caller
  const ANON = ["catalogue_page", "free_slots", "instrument_busy", "instrument_rating", "network_figures", "search_instruments"];
  const AUTHENTICATED = [
    "book_on_behalf",
    "add_bureau_analyst",
    "apply_for_lab",
    "assign_lab_manager",
    "accept_invitation",
    "booking_actions",
    "booking_rate",
    "booking_rating_status",
    "bureau_staff_list",
    "cancel_booking",
    "catalogue_page",
    "complete_booking",
    "complete_bookings_as_booked",
    "create_organisation",
    "current_user_context",
    "decide_booking",
    "decide_bookings",
    "delete_availability_exception",
    "free_slots",
    "instrument_busy",
    "lab_booking",
    "lab_bookings_to_record",
    "lab_calendar",
    "lab_overview",
    "lab_requests",
    "decide_lab_application",
    "instrument_rating",
    "instrument_satisfaction",
    "network_figures",
    "rate_booking",
    "remove_bureau_analyst",
    "request_booking",
    "retire_instrument",
    "save_availability_exception",
    "search_instruments",
    "set_opening_hours",
    "stats_attention",
    "stats_attention_json",
    "stats_attention_page",
    "stats_breakdown",
    "stats_breakdown_json",
    "stats_breakdown_page",
    "stats_evaluation",
    "stats_evaluation_json",
    "stats_evaluation_page",
    "stats_overview",
    "stats_trends",
    "set_lab_suspended",
    "utilisation",
    // lab staff, authorisations and feeds (20261207); each checks the caller staffs the lab
    "add_lab_staff",
    "change_lab_staff_role",
    "disable_lab_feed",
    "enable_lab_feed",
    "grant_authorisations",
    "lab_authorisations",
    "lab_past_requesters",
    "lab_staff",
    "remove_lab_staff",
    "revoke_authorisation",
    "decide_join_request",
    "decline_invitation",
    "find_organisations",
    "invitation_by_token",
    "invite_member",
    "leave_organisation",
    "my_organisation_state",
    "organisation_overview",
    "reject_sme",
    "remove_member",
    "request_to_join",
    "revoke_invitation",
    "set_member_role",
    "transfer_ownership",
    "verify_sme",
    "withdraw_join_request",
  ].sort();
  // Functions in `private` (not exposed) that a role executes as itself: the permission helpers
  // its policies use, and what security invoker functions (search_instruments, booking_actions)
  // call. Everything else in `private` runs only inside security definer functions, as their owner.
  // catalogue_reference_version: the version of the catalogue's reference data that catalogue_page reads (security definer)
  const PRIVATE_ANON = [
    "catalogue_reference_version",
    "categories_matching",
    "categories_named",
    "check_free_window",
    "instruments_free_among",
    "is_public_instrument",
  ];
  const PRIVATE_AUTHENTICATED = [
    ...PRIVATE_ANON,
    "booking_expired",
    "can_write_instrument_photo",
    "cancel_error",
    "cancel_role",
    "cancellation_deadline_hours",
    "check_hours_input",
    "complete_error",
    "decide_error",
    "is_bureau",
    "is_bureau_admin",
    "my_instrument_ids",
    "my_lab_ids",
    "my_lab_requester_ids",
    "my_managed_instrument_ids",
    "my_managed_lab_ids",
    "my_organisation_ids",
    "my_owned_organisation_ids",
    "settle_stranded",
    "stranded_bookings",
    "rating_error",
    "rating_window",
    // the stats_*_page functions (invoker) check their page and cut a JSON array
    "check_page",
    "json_array_page",
    // the invitation policy compares with the caller's address; the credit-code constraint runs as whoever writes a row
    "my_email",
    "uscc_is_valid",
  ].sort();

  async function executable(role: string, schema = "public"): Promise<string[]> {
    const rows = await q<{ name: string }>(
      `select distinct p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = $2 and p.prokind = 'f' and p.prorettype <> 'trigger'::regtype
         and has_function_privilege($1, p.oid, 'execute')
       order by 1`,
      [role, schema],
    );
    return rows.map((r) => r.name);
  }

  it("anon may execute only the public calendar functions", async () => {
    expect(await executable("anon")).toEqual(ANON);
  });

  it("authenticated users may execute only the booking, organisation and statistics functions", async () => {
    expect(await executable("authenticated")).toEqual(AUTHENTICATED);
  });

  it("anon and authenticated may execute only the private functions their policies and invoker functions use", async () => {
    expect(await executable("anon", "private")).toEqual(PRIVATE_ANON);
    expect(await executable("authenticated", "private")).toEqual(PRIVATE_AUTHENTICATED);
  });

  it("exposes no permission helper: they live in private, which PostgREST does not serve", async () => {
    for (const role of ["anon", "engineer", "labStaff", "bureau"] as Role[]) {
      const helper = await clients[role].rpc("is_bureau");
      expect(helper.status, role).toBe(404);
      expect(helper.error?.code, role).toBe("PGRST202");
      const listed = await clients[role].rpc("my_instrument_ids");
      expect(listed.status, role).toBe(404);
      expect(listed.error?.code, role).toBe("PGRST202");
      const viaSchema = await clients[role].schema("private").rpc("is_bureau");
      expect(viaSchema.data, role).toBeNull();
      expect(viaSchema.error?.code, role).toBe("PGRST106");
    }
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.proname in ('is_bureau', 'is_bureau_admin', 'is_lab_staff', 'is_lab_manager',
         'is_instrument_staff', 'is_organisation_member', 'is_organisation_owner', 'is_public_instrument')`,
    );
    expect(rows[0].n).toBe(0);
  });
});
