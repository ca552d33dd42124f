// Playwright fixtures: each test builds its own world on the e2e stack (the one
// scripts/e2e-server.ts starts) instead of leaning on the seed — real auth users made through the
// admin API and signed in with supabase-js, an organisation, an approved lab with a manager and a
// technician, instruments with a booking policy and opening hours built from computed Shanghai
// weekdays — and removes it afterwards. Browsers sign in through the real login page.
//
//   import { expect, test } from "./fixtures.ts";
//   test("…", async ({ world, lab, engineer, signedInPage }) => {
//     const sem = await world.instrument(lab, { name: "场发射扫描电镜" });
//     await signedInPage.goto(sem.bookUrl);
//   });
import { randomUUID } from "node:crypto";
import { expect, test as base, type Page } from "@playwright/test";
import {
  DEFAULT_POLICY,
  everyDay,
  Fixtures,
  isoWeekday,
  shanghaiDate,
  type Engineer,
  type InstrumentPolicy,
  type LabWorld,
  type OrganisationKind,
  type WeeklyRule,
} from "../support/fixtures.ts";
import { serviceClient, type TestUser } from "../support/supabase.ts";
import { E2E } from "../support/test-env.ts";

export { DEFAULT_POLICY, everyDay };
export { isoWeekday, shanghai, shanghaiDate } from "../support/fixtures.ts";

export interface E2EInstrument {
  id: string;
  /** Chinese name as the catalogue shows it (unique: it ends with the world's tag). */
  name: string;
  nameEn: string;
  /** A model number no other instrument has: a search for it finds exactly this one. */
  model: string;
  url: string;
  bookUrl: string;
}

export interface InstrumentOptions {
  /** Chinese name; the world's tag is appended. */
  name?: string;
  nameEn?: string;
  policy?: Partial<InstrumentPolicy>;
  /** Weekly opening hours in Shanghai time; `openOnlyOn(shanghaiDate(3))` unless told. */
  rules?: WeeklyRule[];
}

/**
 * Opening hours on the weekday of one Shanghai date only. The default for instruments here is the
 * weekday three days ahead, 08:00–18:00: its first free slot is then two to three days away,
 * whatever the hour, never the slot just past "now + lead time" that a slow test run (login,
 * page loads) would see taken by the clock before it submits.
 */
export function openOnlyOn(date: string, start = "08:00", end = "18:00"): WeeklyRule[] {
  return [{ weekday: isoWeekday(date), start, end }];
}

/** What one test made, so that it can be found (by `tag`) and removed afterwards. */
export class World {
  /** A word in every name this world gives, unlike any other test's: search for it to see only this world. */
  readonly tag = `E2E${randomUUID().replaceAll("-", "").slice(0, 8).toUpperCase()}`;
  readonly f = new Fixtures(E2E.dbUrl, 2, E2E);
  private readonly users = new Set<string>();
  private readonly organisations = new Set<string>();
  private readonly labs = new Set<string>();
  private readonly instruments = new Set<string>();
  private count = 0;
  /** Whether the builder made its district and category (for labs and instruments). */
  private referenced = false;

  /** An approved lab (of a university unless told) with a signed-in manager and technician. */
  async lab(kind: OrganisationKind = "university"): Promise<LabWorld> {
    this.referenced = true;
    const world = await this.f.labWorld(kind);
    this.organisations.add(world.organisationId);
    this.labs.add(world.labId);
    this.users.add(world.manager.id).add(world.technician.id);
    await this.f.q(`update public.labs set name_zh = $2, name_en = $3 where id = $1`, [world.labId, `测试实验室 ${this.tag}`, `Test lab ${this.tag}`]);
    return world;
  }

  /** A signed-in engineer of a new SME (or of the organisation given). */
  async engineer(organisationId?: string, metadata: Record<string, unknown> = {}): Promise<Engineer> {
    const engineer = await this.f.engineer(organisationId, { display_name: `测试工程师 ${this.tag}`, ...metadata });
    this.users.add(engineer.id);
    this.organisations.add(engineer.organisationId);
    return engineer;
  }

  /** An instrument of the lab, with its booking policy and opening hours. */
  async instrument(lab: LabWorld, options: InstrumentOptions = {}): Promise<E2EInstrument> {
    this.referenced = true;
    const id = await this.f.instrument(lab.labId, options.policy ?? {}, options.rules ?? openOnlyOn(shanghaiDate(3)));
    this.instruments.add(id);
    this.count += 1;
    const name = `${options.name ?? "测试仪器"} ${this.tag}`;
    const nameEn = `${options.nameEn ?? "Test instrument"} ${this.tag}`;
    const model = `${this.tag}-M${this.count}`;
    await this.f.q(`update public.instruments set name_zh = $2, name_en = $3, model = $4, manufacturer = 'E2E 仪器厂' where id = $1`, [
      id,
      name,
      nameEn,
      model,
    ]);
    return { id, name, nameEn, model, url: `/instruments/${id}`, bookUrl: `/instruments/${id}/book` };
  }

  /** The district this world's labs are in (its code is what the catalogue's district filter sends). */
  async district(): Promise<{ id: string; code: string }> {
    this.referenced = true;
    const { districtId } = await this.f.reference();
    return this.f.one(`select id, code from public.districts where id = $1`, [districtId]);
  }

  /**
   * Removes everything this world made. Bookings cannot be deleted with their audit trail
   * (booking_events is append-only, whatever the role), so the bookings of this world's
   * instruments and users go first with triggers off, together with their events and e-mails;
   * the rest goes by ordinary deletes and the admin API, whose cascades take rules, exceptions,
   * rollups, memberships and profiles along.
   */
  async cleanUp(): Promise<void> {
    // Instruments a test made through the pages (the lab portal) belong to this world's labs too.
    const made = await this.f.q<{ id: string }>(`select id from public.instruments where lab_id = any($1::uuid[])`, [[...this.labs]]);
    const instruments = [...new Set([...this.instruments, ...made.map((row) => row.id)])];
    const users = [...this.users];
    const client = await this.f.db.connect();
    try {
      await client.query("begin");
      await client.query("set local session_replication_role = replica");
      await client.query(
        `create temp table doomed on commit drop as
           select id from public.bookings where instrument_id = any($1::uuid[]) or requester_id = any($2::uuid[])`,
        [instruments, users],
      );
      await client.query(`delete from public.email_outbox where booking_id in (select id from doomed)`);
      await client.query(`delete from public.booking_events where booking_id in (select id from doomed)`);
      await client.query(`delete from public.bookings where id in (select id from doomed)`);
      await client.query("set local session_replication_role = origin");
      await client.query(`delete from public.instruments where id = any($1::uuid[])`, [instruments]);
      await client.query(`delete from public.labs where id = any($1::uuid[])`, [[...this.labs]]);
      await client.query(`delete from public.organisations where id = any($1::uuid[])`, [[...this.organisations]]);
      await client.query("commit");
    } catch (error) {
      await client.query("rollback").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const admin = serviceClient(E2E);
    for (const id of users) {
      const { error } = await admin.auth.admin.deleteUser(id);
      if (error) throw error;
    }
    if (this.referenced) {
      const { districtId, categoryId } = await this.f.reference();
      await this.f.q(`delete from public.districts where id = $1`, [districtId]);
      await this.f.q(`delete from public.instrument_categories where id = $1`, [categoryId]);
    }
    const left = await this.f.one<{ n: number }>(
      `select ((select count(*) from public.instruments where id = any($1::uuid[]))
             + (select count(*) from public.labs where id = any($2::uuid[]))
             + (select count(*) from public.organisations where id = any($3::uuid[]))
             + (select count(*) from auth.users where id = any($4::uuid[])))::int as n`,
      [instruments, [...this.labs], [...this.organisations], users],
    );
    if (left.n !== 0) throw new Error(`world ${this.tag} left ${left.n} rows behind`);
  }

  end(): Promise<void> {
    return this.f.end();
  }
}

/**
 * Waits until React has hydrated the element `selector` matches (its DOM node carries React's
 * fiber), so that clicks and typing reach the app's handlers rather than the bare HTML form: a
 * submit before that is the browser's own (native validation, a full POST), not the app's.
 */
export async function hydrated(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((css) => {
    const el = document.querySelector(css);
    return !!el && Object.keys(el).some((key) => key.startsWith("__reactFiber$"));
  }, selector);
}

/** Signs in through the app's login form (in Chinese, the default language). */
export async function signIn(page: Page, user: Pick<TestUser, "email" | "password">): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("电子邮箱").fill(user.email);
  await page.getByLabel("密码", { exact: true }).fill(user.password);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await expect(page.getByRole("button", { name: "退出登录" })).toBeVisible();
}

export const test = base.extend<{
  /** This test's own world, removed after the test. */
  world: World;
  /** An approved lab of a university, with a signed-in manager and technician. */
  lab: LabWorld;
  /** A signed-in engineer of a new SME (supabase-js client; the browser is not signed in). */
  engineer: Engineer;
  /** `page`, signed in as `engineer` through the login page. */
  signedInPage: Page;
  /** Fails the test if the browser refused anything under the Content-Security-Policy. */
  cspGuard: void;
}>({
  cspGuard: [
    async ({ page }, provide) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(message.text())) violations.push(message.text());
      });
      await provide();
      expect(violations, "the page broke its Content-Security-Policy").toEqual([]);
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  world: async ({}, provide) => {
    const world = new World();
    try {
      await provide(world);
    } finally {
      try {
        await world.cleanUp();
      } finally {
        await world.end();
      }
    }
  },
  lab: async ({ world }, provide) => {
    await provide(await world.lab());
  },
  engineer: async ({ world }, provide) => {
    await provide(await world.engineer());
  },
  signedInPage: async ({ page, engineer }, provide) => {
    await signIn(page, engineer);
    await provide(page);
  },
});

export { expect };
