// The demo network in supabase/seed.sql, as the vitest global setup applies it to a fresh database:
// the minimums the demo promises, the invariants its bookings must keep, and the README's demo
// accounts signing in through supabase-js. Only seeded rows are counted (fixed uuid ranges), so
// rows that other tests create do not matter.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../../supabase/local/config.ts";
import { anonClient } from "../../support/supabase.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const db = new pg.Pool({ connectionString: TEST_STACK.dbUrl, max: 2 });
afterAll(() => db.end());

const SEEDED_BOOKING = "00000000-0000-4000-8001-%";
const SEEDED_INSTRUMENT = "00000000-0000-4000-8000-0000000010%";
const DEMO_DOMAIN = "@demo.cz-instruments.cn";

async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query(sql, params);
  return rows[0] as T;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const row = await one<{ n: string }>(sql, params);
  return Number(row.n);
}

describe("seed: reference data", () => {
  it("has all seven Changzhou districts", async () => {
    const { rows } = await db.query<{ code: string }>(
      "select code from public.districts where id::text like '00000000-0000-4000-8000-0000000002%' order by sort_order",
    );
    expect(rows.map((r) => r.code)).toEqual(
      expect.arrayContaining(["tianning", "zhonglou", "xinbei", "wujin", "jintan", "liyang", "economic_development_zone"]),
    );
    expect(rows).toHaveLength(7);
  });

  it("has at least ten industrial chains and a two-level category tree", async () => {
    expect(await count("select count(*) as n from public.industrial_chains")).toBeGreaterThanOrEqual(10);
    expect(await count("select count(*) as n from public.instrument_categories where parent_id is null")).toBeGreaterThanOrEqual(5);
    expect(
      await count(
        `select count(*) as n from public.instrument_categories c
         join public.instrument_categories p on p.id = c.parent_id where p.parent_id is null`,
      ),
    ).toBeGreaterThanOrEqual(15);
  });
});

describe("seed: organisations and labs", () => {
  it("has organisations of every kind with well-formed credit codes, at least six SMEs", async () => {
    const { rows } = await db.query<{ kind: string; n: string }>(
      "select kind, count(*) as n from public.organisations where id::text like '00000000-0000-4000-8000-0000000005%' group by kind",
    );
    const byKind = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    expect(byKind.sme).toBeGreaterThanOrEqual(6);
    for (const kind of ["university", "institute", "testing_centre", "enterprise"]) expect(byKind[kind]).toBeGreaterThanOrEqual(1);
    expect(
      await count("select count(*) as n from public.organisations where id::text like '00000000-0000-4000-8000-0000000005%' and uscc is null"),
    ).toBe(0);
  });

  it("has at least eight approved labs covering every district, and one pending application", async () => {
    const row = await one<{ approved: string; districts: string; pending: string }>(
      `select count(*) filter (where status = 'approved') as approved,
              count(distinct district_id) filter (where status = 'approved') as districts,
              (select count(*) from public.lab_applications where status = 'pending'
                 and id::text like '00000000-0000-4000-8000-0000000007%') as pending
       from public.labs where id::text like '00000000-0000-4000-8000-0000000006%'`,
    );
    expect(Number(row.approved)).toBeGreaterThanOrEqual(8);
    expect(Number(row.districts)).toBe(7);
    expect(Number(row.pending)).toBeGreaterThanOrEqual(1);
  });
});

describe("seed: instruments", () => {
  it("has at least sixty instruments, each with opening hours and one to three chains", async () => {
    expect(await count("select count(*) as n from public.instruments where id::text like $1", [SEEDED_INSTRUMENT])).toBeGreaterThanOrEqual(60);
    expect(
      await count(
        `select count(*) as n from public.instruments i where i.id::text like $1
           and not exists (select 1 from public.availability_rules r where r.instrument_id = i.id)`,
        [SEEDED_INSTRUMENT],
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from public.instruments i where i.id::text like $1
           and (select count(*) from public.instrument_chains c where c.instrument_id = i.id) not between 1 and 3`,
        [SEEDED_INSTRUMENT],
      ),
    ).toBe(0);
  });

  it("has instruments in every status and varied booking policies", async () => {
    const row = await one<Record<string, string>>(
      `select count(*) filter (where status = 'active') as active,
              count(*) filter (where status = 'maintenance') as maintenance,
              count(*) filter (where status = 'retired') as retired,
              count(*) filter (where not requires_approval) as auto_confirm,
              count(*) filter (where requires_authorisation) as needs_authorisation,
              count(distinct slot_minutes) as slot_lengths,
              count(*) filter (where sme_rate_cny >= hourly_rate_cny) as sme_not_cheaper
       from public.instruments where id::text like $1`,
      [SEEDED_INSTRUMENT],
    );
    expect(Number(row.active)).toBeGreaterThan(Number(row.maintenance) + Number(row.retired));
    expect(Number(row.maintenance)).toBeGreaterThanOrEqual(1);
    expect(Number(row.retired)).toBeGreaterThanOrEqual(1);
    expect(Number(row.auto_confirm)).toBeGreaterThanOrEqual(1);
    expect(Number(row.needs_authorisation)).toBeGreaterThanOrEqual(1);
    expect(Number(row.slot_lengths)).toBeGreaterThanOrEqual(3);
    expect(Number(row.sme_not_cheaper)).toBe(0);
  });

  it("has closures, maintenance windows and an extra opening", async () => {
    const { rows } = await db.query<{ kind: string }>("select distinct kind from public.availability_exceptions");
    expect(rows.map((r) => r.kind).sort()).toEqual(["closure", "extra_opening", "maintenance"]);
  });
});

describe("seed: bookings", () => {
  it("has at least three hundred bookings in every status", async () => {
    const { rows } = await db.query<{ status: string; n: string }>(
      "select status, count(*) as n from public.bookings where id::text like $1 group by status",
      [SEEDED_BOOKING],
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(300);
    for (const status of ["pending", "confirmed", "rejected", "cancelled", "completed", "no_show"]) {
      expect(byStatus[status], status).toBeGreaterThan(0);
    }
  });

  it("has upcoming pending and confirmed bookings, and past ones that are settled", async () => {
    const row = await one<Record<string, string>>(
      `select count(*) filter (where status = 'pending' and lower(during) > now()) as future_pending,
              count(*) filter (where status = 'confirmed' and lower(during) > now()) as future_confirmed,
              count(*) filter (where status = 'pending' and lower(during) <= now()) as past_pending,
              count(*) filter (where status in ('completed', 'no_show') and upper(during) > now()) as future_settled,
              count(*) filter (where status = 'completed' and actual_minutes is null) as completed_without_minutes,
              count(*) filter (where status = 'rejected' and coalesce(decision_reason, '') = '') as rejected_without_reason,
              count(*) filter (where status = 'cancelled' and cancelled_at is null) as cancelled_without_time,
              max(upper(during)) > now() + interval '14 days' as reaches_ahead,
              min(lower(during)) < now() - interval '150 days' as reaches_back
       from public.bookings where id::text like $1`,
      [SEEDED_BOOKING],
    );
    expect(Number(row.future_pending)).toBeGreaterThan(0);
    expect(Number(row.future_confirmed)).toBeGreaterThan(0);
    expect(Number(row.past_pending)).toBe(0);
    expect(Number(row.future_settled)).toBe(0);
    expect(Number(row.completed_without_minutes)).toBe(0);
    expect(Number(row.rejected_without_reason)).toBe(0);
    expect(Number(row.cancelled_without_time)).toBe(0);
    expect(row.reaches_ahead).toBe(true);
    expect(row.reaches_back).toBe(true);
  });

  it("never overlaps two live bookings of one instrument", async () => {
    expect(
      await count(
        `select count(*) as n from public.bookings a
         join public.bookings b on a.instrument_id = b.instrument_id and a.id < b.id and a.during && b.during
         where a.status in ('pending', 'confirmed') and b.status in ('pending', 'confirmed')`,
      ),
    ).toBe(0);
  });

  it("keeps bookings inside opening hours, on the slot grid, within the policy's lengths and outside closures", async () => {
    expect(
      await count(
        `select count(*) as n
         from public.bookings b join public.instruments i on i.id = b.instrument_id
         where b.id::text like $1 and (
           -- each local day the booking touches is covered by an opening window
           exists (
             select 1 from generate_series(
               date_trunc('day', lower(b.during) at time zone 'Asia/Shanghai'),
               upper(b.during) at time zone 'Asia/Shanghai' - interval '1 microsecond', interval '1 day') as day
             where not exists (
               select 1 from public.availability_rules r
               where r.instrument_id = b.instrument_id and r.weekday = extract(isodow from day)
                 and day + r.start_time <= greatest(day, lower(b.during) at time zone 'Asia/Shanghai')
                 and day + r.end_time >= least(day + interval '1 day', upper(b.during) at time zone 'Asia/Shanghai')))
           or (extract(epoch from (lower(b.during) at time zone 'Asia/Shanghai')::time) / 60)::int % i.slot_minutes <> 0
           or (extract(epoch from upper(b.during) - lower(b.during)) / 60)::int % i.slot_minutes <> 0
           or (extract(epoch from upper(b.during) - lower(b.during)) / 60)::int
                not between i.min_booking_minutes and i.max_booking_minutes
           or exists (
             select 1 from public.availability_exceptions e
             where e.instrument_id = b.instrument_id and e.kind <> 'extra_opening' and e.during && b.during))`,
        [SEEDED_BOOKING],
      ),
    ).toBe(0);
  });

  it("charges the SME rate to SMEs and the standard rate to others", async () => {
    expect(
      await count(
        `select count(*) as n
         from public.bookings b
         join public.instruments i on i.id = b.instrument_id
         join public.organisations o on o.id = b.organisation_id
         where b.id::text like $1 and (
           b.rate_cny <> case when o.kind = 'sme' then i.sme_rate_cny else i.hourly_rate_cny end
           or b.estimated_cost_cny <> round(b.rate_cny * extract(epoch from upper(b.during) - lower(b.during)) / 3600, 2))`,
        [SEEDED_BOOKING],
      ),
    ).toBe(0);
    const row = await one<{ sme: string; total: string }>(
      `select count(*) filter (where o.kind = 'sme') as sme, count(*) as total
       from public.bookings b join public.organisations o on o.id = b.organisation_id where b.id::text like $1`,
      [SEEDED_BOOKING],
    );
    expect(Number(row.sme) / Number(row.total)).toBeGreaterThan(0.5);
    expect(Number(row.sme)).toBeLessThan(Number(row.total));
  });

  it("records an audit trail that ends in each booking's status, and no e-mails", async () => {
    expect(
      await count(
        `select count(*) as n from public.bookings b where b.id::text like $1 and (
           select e.to_status from public.booking_events e where e.booking_id = b.id
           order by e.created_at desc, (e.from_status is not null) desc limit 1) is distinct from b.status`,
        [SEEDED_BOOKING],
      ),
    ).toBe(0);
    expect(
      await count(
        `select count(*) as n from public.booking_events e where e.booking_id::text like $1
           and (e.created_at > now() or e.actor_id is null)`,
        [SEEDED_BOOKING],
      ),
    ).toBe(0);
    expect(await count("select count(*) as n from public.email_outbox where booking_id::text like $1", [SEEDED_BOOKING])).toBe(0);
  });
});

describe("seed: demo accounts", () => {
  const readme = fs.readFileSync(path.join(ROOT_DIR, "README.md"), "utf8");
  const password = /Password for\s+all:\s+`([^`]+)`/.exec(readme)?.[1];

  it("covers every role", async () => {
    const row = await one<Record<string, string>>(
      `select
         (select count(*) from public.organisation_members m join public.organisations o on o.id = m.organisation_id
            join auth.users u on u.id = m.user_id where o.kind = 'sme' and u.email like '%' || $1) as sme_engineers,
         (select count(distinct m.organisation_id) from public.organisation_members m join public.organisations o on o.id = m.organisation_id
            join auth.users u on u.id = m.user_id where o.kind = 'sme' and u.email like '%' || $1) as sme_companies,
         (select count(*) from public.lab_members m join auth.users u on u.id = m.user_id
            where m.role = 'manager' and u.email like '%' || $1) as managers,
         (select count(*) from public.lab_members m join auth.users u on u.id = m.user_id
            where m.role = 'technician' and u.email like '%' || $1) as technicians,
         (select count(*) from public.bureau_staff s join auth.users u on u.id = s.user_id
            where s.role = 'analyst' and u.email like '%' || $1) as analysts,
         (select count(*) from public.bureau_staff s join auth.users u on u.id = s.user_id
            where s.role = 'admin' and u.email like '%' || $1) as admins,
         (select count(*) from public.profiles p join auth.users u on u.id = p.id
            where u.email like '%' || $1 and (p.display_name = '' or p.organisation_id is null)) as incomplete_profiles`,
      [DEMO_DOMAIN],
    );
    expect(Number(row.sme_engineers)).toBeGreaterThanOrEqual(3);
    expect(Number(row.sme_companies)).toBeGreaterThanOrEqual(2);
    expect(Number(row.managers)).toBeGreaterThanOrEqual(2);
    expect(Number(row.technicians)).toBeGreaterThanOrEqual(1);
    expect(Number(row.analysts)).toBeGreaterThanOrEqual(1);
    expect(Number(row.admins)).toBeGreaterThanOrEqual(1);
    expect(Number(row.incomplete_profiles)).toBe(0);
  });

  it("lists every account in the README, and each signs in with the README's password", async () => {
    expect(password).toBeTruthy();
    const { rows } = await db.query<{ email: string }>(
      "select email from auth.users where email like '%' || $1 order by email",
      [DEMO_DOMAIN],
    );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const { email } of rows) {
      const localPart = email.slice(0, -DEMO_DOMAIN.length);
      expect(readme, `README lists ${email}`).toContain(`\`${localPart}@`);
      const { data, error } = await anonClient().auth.signInWithPassword({ email, password: password! });
      expect(error, email).toBeNull();
      expect(data.user?.email).toBe(email);
    }
  });
});
