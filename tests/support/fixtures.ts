// A fixture builder for tests that need the network's world: organisations, labs with staff,
// instruments with a booking policy, weekly opening hours and exceptions, and signed-in engineers.
// Rows are written with the superuser connection (no RLS), users are real auth users signed in
// through supabase-js. Every name is unique, so tests never share or depend on each other's data.
// Time helpers state their zone: opening hours are Asia/Shanghai wall-clock times (UTC+8, no DST),
// and tests run with TZ=UTC, so nothing here uses the process's local time.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createSignedInUser, type ApiTarget, type TestUser } from "./supabase.ts";
import { TEST_STACK } from "./test-env.ts";

// --- Asia/Shanghai time -------------------------------------------------------------------------

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The instant of a Shanghai wall-clock time: `shanghai("2027-03-01", "08:30")`. "24:00" is the next midnight. */
export function shanghai(date: string, time = "00:00"): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) throw new Error(`bad date/time ${date} ${time}`);
  const [h, m] = time.split(":").map(Number);
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + (h * 60 + m) * 60_000);
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDateOf(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Shanghai date `days` after today's Shanghai date. */
export function shanghaiDate(days: number, from: Date = new Date()): string {
  return shanghaiDateOf(new Date(from.getTime() + days * DAY_MS));
}

/**
 * The date `days` after a date (calendar arithmetic, no clock). Use it for "the day after `day`":
 * `shanghaiDate(n + 1)` read later than `shanghaiDate(n)` is two days on once a run crosses midnight.
 */
export function addDays(date: string, days: number): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`bad date ${date}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a Shanghai date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Adds minutes to an instant. */
export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

// --- The builder --------------------------------------------------------------------------------

export type OrganisationKind = "sme" | "university" | "institute" | "testing_centre" | "enterprise" | "government" | "other";
export type ServiceMode = "self_operation" | "sample_submission";
export type ExceptionKind = "closure" | "maintenance" | "extra_opening";

export interface InstrumentPolicy {
  status: "active" | "maintenance" | "retired";
  requires_approval: boolean;
  requires_authorisation: boolean;
  service_modes: ServiceMode[];
  slot_minutes: number;
  min_booking_minutes: number;
  max_booking_minutes: number;
  lead_time_hours: number;
  cancellation_deadline_hours: number;
  max_advance_days: number;
  hourly_rate_cny: number;
  sme_rate_cny: number;
}

/** A weekly opening interval in Shanghai time; `weekday` 1 = Monday … 7 = Sunday. */
export interface WeeklyRule {
  weekday: number;
  start: string;
  end: string;
}

/** The same opening hours on every day of the week. */
export function everyDay(start: string, end: string): WeeklyRule[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));
}

export const DEFAULT_POLICY: InstrumentPolicy = {
  status: "active",
  requires_approval: true,
  requires_authorisation: false,
  service_modes: ["sample_submission", "self_operation"],
  slot_minutes: 30,
  min_booking_minutes: 60,
  max_booking_minutes: 240,
  lead_time_hours: 24,
  cancellation_deadline_hours: 24,
  max_advance_days: 90,
  hourly_rate_cny: 500,
  sme_rate_cny: 300,
};

export interface Engineer extends TestUser {
  organisationId: string;
}

export interface LabWorld {
  organisationId: string;
  labId: string;
  /** Signed-in lab manager. */
  manager: TestUser;
  /** Signed-in technician of the same lab. */
  technician: TestUser;
}

export class Fixtures {
  readonly db: pg.Pool;
  readonly tag = randomUUID().slice(0, 8);
  private shared: Promise<{ districtId: string; categoryId: string }> | undefined;

  /** Where users are made and sign in: vitest's test stack unless told (Playwright's, tests/e2e/fixtures.ts). */
  readonly api: ApiTarget;

  constructor(dbUrl: string = TEST_STACK.dbUrl, poolSize = 4, api: ApiTarget = TEST_STACK) {
    this.db = new pg.Pool({ connectionString: dbUrl, max: poolSize });
    this.api = api;
  }

  async q<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query(sql, params)).rows as T[];
  }

  async one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
    const rows = await this.q<T>(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
    return rows[0];
  }

  async count(table: string, where = "true", params: unknown[] = []): Promise<number> {
    if (!/^[a-z_.]+$/.test(table)) throw new Error(`bad table ${table}`);
    return (await this.one<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params)).n;
  }

  /**
   * Rows of bookings, booking events and outbox e-mails that touch the given instruments or users
   * (as requester or e-mail recipient): for "nothing was written" checks.
   */
  async bookingFootprint(scope: { instrumentIds?: string[]; userIds?: string[] }): Promise<{ bookings: number; events: number; outbox: number }> {
    return this.one(
      `with b as (
         select id from public.bookings
         where instrument_id = any($1::uuid[]) or requester_id = any($2::uuid[])
       )
       select (select count(*)::int from b) as bookings,
              (select count(*)::int from public.booking_events e where e.booking_id in (select id from b) or e.actor_id = any($2::uuid[])) as events,
              (select count(*)::int from public.email_outbox o where o.booking_id in (select id from b) or o.recipient_id = any($2::uuid[])) as outbox`,
      [scope.instrumentIds ?? [], scope.userIds ?? []],
    );
  }

  private unique(prefix: string): string {
    return `${prefix}_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  }

  /** A district and a category for this builder's labs and instruments (made once). */
  reference(): Promise<{ districtId: string; categoryId: string }> {
    this.shared ??= (async () => {
      const district = await this.one<{ id: string }>(
        `insert into public.districts (code, name_zh, name_en) values ($1, '测试区', 'Test district') returning id`,
        [this.unique("d")],
      );
      const category = await this.one<{ id: string }>(
        `insert into public.instrument_categories (code, name_zh, name_en) values ($1, '测试类', 'Test category') returning id`,
        [this.unique("k")],
      );
      return { districtId: district.id, categoryId: category.id };
    })();
    return this.shared;
  }

  /** An organisation; an SME is a verified one (the bureau checked it) unless `smeStatus` says otherwise. */
  async organisation(
    kind: OrganisationKind = "sme",
    name?: string,
    smeStatus: "sme_pending" | "sme_verified" | "sme_rejected" = "sme_verified",
  ): Promise<string> {
    const row = await this.one<{ id: string }>(
      `insert into public.organisations (name_zh, name_en, kind, sme_status, sme_rejection_reason)
       values ($1, $2, $3::public.organisation_kind, case when $3::text = 'sme' then $4::text::public.sme_status end,
               case when $3::text = 'sme' and $4::text = 'sme_rejected' then 'Test rejection' end) returning id`,
      [name ?? `测试机构 ${this.tag} ${randomUUID().slice(0, 6)}`, `Org ${this.tag}`, kind, smeStatus],
    );
    return row.id;
  }

  async lab(organisationId: string, status: "pending" | "approved" | "suspended" = "approved"): Promise<string> {
    const { districtId } = await this.reference();
    const row = await this.one<{ id: string }>(
      `insert into public.labs (organisation_id, name_zh, name_en, district_id, address_zh, status)
       values ($1, $2, $3, $4, '常州市武进区测试路 1 号', $5) returning id`,
      [organisationId, `测试实验室 ${randomUUID().slice(0, 6)}`, `Test lab ${this.tag}`, districtId, status],
    );
    return row.id;
  }

  /** A user in auth.users who never signs in (a colleague, a technician on holiday, …). */
  async plainUser(email = `plain-${randomUUID().slice(0, 8)}@example.test`): Promise<string> {
    const id = randomUUID();
    await this.q(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
         raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '', now(),
         '{"provider":"email","providers":["email"]}', '{}', now(), now())`,
      [id, email],
    );
    return id;
  }

  async addLabMember(labId: string, userId: string, role: "manager" | "technician" = "manager"): Promise<void> {
    await this.q(`insert into public.lab_members (lab_id, user_id, role) values ($1, $2, $3)`, [labId, userId, role]);
  }

  /** A signed-in member of a lab's staff. */
  async labStaff(labId: string, role: "manager" | "technician" = "manager", locale: "zh-CN" | "en" = "zh-CN"): Promise<TestUser> {
    const user = await createSignedInUser({ display_name: `Lab ${role}`, locale }, this.api);
    await this.addLabMember(labId, user.id, role);
    return user;
  }

  /** An approved lab (run by a university unless told) with a signed-in manager and technician. */
  async labWorld(kind: OrganisationKind = "university"): Promise<LabWorld> {
    const organisationId = await this.organisation(kind);
    const labId = await this.lab(organisationId);
    const [manager, technician] = await Promise.all([this.labStaff(labId, "manager"), this.labStaff(labId, "technician", "en")]);
    return { organisationId, labId, manager, technician };
  }

  async addOrganisationMember(organisationId: string, userId: string, asProfileOrganisation = true): Promise<void> {
    await this.q(`insert into public.organisation_members (organisation_id, user_id, role) values ($1, $2, 'member')`, [organisationId, userId]);
    if (asProfileOrganisation) await this.q(`update public.profiles set organisation_id = $1 where id = $2`, [organisationId, userId]);
  }

  /** A signed-in engineer who belongs to an organisation (a new SME unless one is given). */
  async engineer(organisationId?: string, metadata: Record<string, unknown> = {}): Promise<Engineer> {
    const orgId = organisationId ?? (await this.organisation("sme"));
    const user = await createSignedInUser({ display_name: "Engineer", ...metadata }, this.api);
    await this.addOrganisationMember(orgId, user.id);
    return { ...user, organisationId: orgId };
  }

  async bureau(role: "analyst" | "admin" = "analyst"): Promise<TestUser> {
    const user = await createSignedInUser({ display_name: "Bureau" }, this.api);
    await this.q(`insert into public.bureau_staff (user_id, role) values ($1, $2)`, [user.id, role]);
    return user;
  }

  /** An instrument in a lab with a booking policy (DEFAULT_POLICY overridden) and weekly rules. */
  async instrument(labId: string, policy: Partial<InstrumentPolicy> = {}, rules: WeeklyRule[] = everyDay("08:00", "18:00")): Promise<string> {
    const { categoryId } = await this.reference();
    const p = { ...DEFAULT_POLICY, ...policy };
    const row = await this.one<{ id: string }>(
      `insert into public.instruments (lab_id, category_id, name_zh, name_en, hourly_rate_cny, sme_rate_cny, status,
         service_modes, requires_authorisation, requires_approval, slot_minutes, min_booking_minutes,
         max_booking_minutes, lead_time_hours, cancellation_deadline_hours, max_advance_days)
       values ($1, $2, $3, $4, $5, $6, $7, $8::public.service_mode[], $9, $10, $11, $12, $13, $14, $15, $16) returning id`,
      [
        labId,
        categoryId,
        `测试仪器 ${randomUUID().slice(0, 6)}`,
        `Test instrument ${this.tag}`,
        p.hourly_rate_cny,
        p.sme_rate_cny,
        p.status,
        p.service_modes,
        p.requires_authorisation,
        p.requires_approval,
        p.slot_minutes,
        p.min_booking_minutes,
        p.max_booking_minutes,
        p.lead_time_hours,
        p.cancellation_deadline_hours,
        p.max_advance_days,
      ],
    );
    if (rules.length) await this.rules(row.id, rules);
    return row.id;
  }

  async rules(instrumentId: string, rules: WeeklyRule[]): Promise<void> {
    await this.q(
      `insert into public.availability_rules (instrument_id, weekday, start_time, end_time)
       select $1, r.weekday, r.start_time::time, r.end_time::time
       from unnest($2::smallint[], $3::text[], $4::text[]) as r (weekday, start_time, end_time)`,
      [instrumentId, rules.map((r) => r.weekday), rules.map((r) => r.start), rules.map((r) => r.end)],
    );
  }

  async exception(instrumentId: string, kind: ExceptionKind, from: Date, to: Date): Promise<string> {
    const row = await this.one<{ id: string }>(
      `insert into public.availability_exceptions (instrument_id, kind, during) values ($1, $2, tstzrange($3, $4)) returning id`,
      [instrumentId, kind, from.toISOString(), to.toISOString()],
    );
    return row.id;
  }

  async authorise(instrumentId: string, userId: string, expiresAt: Date | null = null): Promise<void> {
    await this.q(`insert into public.instrument_authorisations (instrument_id, user_id, expires_at) values ($1, $2, $3)`, [
      instrumentId,
      userId,
      expiresAt?.toISOString() ?? null,
    ]);
  }

  /**
   * A booking row written directly, bypassing request_booking's rules (for past bookings, data
   * sets, …). The no-overlap constraint still applies. No audit event or e-mail is written.
   */
  async booking(b: {
    instrumentId: string;
    requesterId: string;
    organisationId: string;
    start: Date;
    end: Date;
    status?: "pending" | "confirmed" | "rejected" | "cancelled" | "completed" | "no_show";
    serviceMode?: ServiceMode;
    rateCny?: number;
    actualMinutes?: number | null;
  }): Promise<string> {
    const rate = b.rateCny ?? 300;
    const hours = (b.end.getTime() - b.start.getTime()) / 3_600_000;
    const row = await this.one<{ id: string }>(
      `insert into public.bookings (instrument_id, requester_id, organisation_id, during, status, service_mode, purpose,
         rate_cny, estimated_cost_cny, actual_minutes)
       values ($1, $2, $3, tstzrange($4, $5), $6, $7, 'Fixture booking', $8, $9, $10) returning id`,
      [
        b.instrumentId,
        b.requesterId,
        b.organisationId,
        b.start.toISOString(),
        b.end.toISOString(),
        b.status ?? "confirmed",
        b.serviceMode ?? "sample_submission",
        rate,
        Math.round(rate * hours * 100) / 100,
        b.actualMinutes ?? (b.status === "completed" ? Math.round(hours * 60) : null),
      ],
    );
    return row.id;
  }

  /**
   * Runs `fn` in one transaction as a signed-in user (role authenticated, JWT claims set) or, for
   * `null`, as a visitor (role anon), the way PostgREST calls functions; now() is fixed for the
   * whole transaction. Rolls back unless `commit`.
   */
  async asUser<T>(userId: string | null, fn: (client: pg.PoolClient) => Promise<T>, commit = false): Promise<T> {
    const client = await this.db.connect();
    try {
      await client.query("begin");
      await client.query(`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`, [
        userId ? "authenticated" : "anon",
        JSON.stringify(userId ? { sub: userId, role: "authenticated", aud: "authenticated" } : { role: "anon" }),
      ]);
      const result = await fn(client);
      await client.query(commit ? "commit" : "rollback");
      return result;
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  end(): Promise<void> {
    return this.db.end();
  }
}
