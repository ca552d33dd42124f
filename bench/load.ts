// A bounded load test (issue 12, item 12): the built app (server/index.ts, NODE_ENV=production) on a
// loopback port against the bench stack, with
//  - 50 visitors browsing: the catalogue (searches, filters, pages) and instrument pages, and
//  - 10 signed-in engineers booking: instrument page → booking form → POST the form (as the browser
//    does: form-encoded, same origin) → the booking → POST its cancel form,
// all at once, closed-loop (each visitor sends its next request when the last one is answered,
// after --think-ms), for --duration seconds. Prints requests/s and p50/p95/p99 per route, errors
// (any 5xx, network error or unexpected answer: target 0), booking conflicts (another booker took
// the slot first: an expected answer, counted apart), and the server's RSS before, peak and after.
// Everything stays on 127.0.0.1; the run stops after --duration, whatever happens.
// `npm run bench:data -- --if-missing` and `npm run build` first.
// Run: npx tsx bench/load.ts [--duration 60] [--visitors 50] [--bookers 10] [--think-ms 0]
import { performance } from "node:perf_hooks";
import { createClient } from "@supabase/supabase-js";
import pg from "pg";
import { machineLoad, startAppServer } from "./app-server.ts";
import { numberArg } from "./args.ts";
import { benchConfig, clientOptions, percentile, startBenchStack } from "./bench-stack.ts";

const DURATION_S = numberArg("duration", 60);
const VISITORS = numberArg("visitors", 50);
const BOOKERS = numberArg("bookers", 10);
const THINK_MS = numberArg("think-ms", 0);
/** A request that takes longer than this counts as an error (the server gives up at 30 s). */
const REQUEST_TIMEOUT_MS = 30_000;
const BOOKER_PASSWORD = "load-test-booker-password-2026";

const TERMS = ["电镜", "质谱", "色谱", "衍射", "光谱", "试验机", "电池", "microscope", "spectrometer", "x-ray", "battery", "zeiss", "icp", "raman"];
const CATEGORIES = ["spectroscopy", "mass_spec", "electron_microscopy", "xray_diffraction", "thermal_analysis", "universal_testing", "battery_cycler"];
const SORTS = ["relevance", "price", "name"];

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- Measurements ------------------------------------------------------------------------------

interface RouteStats {
  samples: number[];
  errors: number;
}
const stats = new Map<string, RouteStats>();
const errorKinds = new Map<string, number>();
let conflicts = 0;
let bookingsMade = 0;
let bookingsCancelled = 0;

function record(route: string, ms: number, error?: string) {
  let s = stats.get(route);
  if (!s) stats.set(route, (s = { samples: [], errors: 0 }));
  s.samples.push(ms);
  if (error) {
    s.errors++;
    const key = `${route}: ${error}`;
    errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
  }
}

// --- A browser, roughly: cookies, same-origin form posts, no redirects followed ----------------

class Browser {
  private cookies = new Map<string, string>();
  constructor(private readonly origin: string) {}

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** One request, timed under `route`; answers with the status, the Location and the body. */
  async request(
    route: string,
    path: string,
    init: { method?: "GET" | "POST"; form?: Record<string, string>; expect: number[] },
  ): Promise<{ status: number; location: string | null; body: string } | null> {
    const headers: Record<string, string> = {
      Accept: "text/html,application/xhtml+xml",
      "Accept-Encoding": "gzip, deflate, br",
      "Accept-Language": "zh-CN,zh;q=0.9",
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) load-test",
    };
    if (this.cookies.size) headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (init.form) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers.Origin = this.origin;
      headers.Referer = `${this.origin}${path}`;
      body = new URLSearchParams(init.form).toString();
    }
    const start = performance.now();
    try {
      const res = await fetch(`${this.origin}${path}`, {
        method: init.method ?? (init.form ? "POST" : "GET"),
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      const ms = performance.now() - start;
      this.remember(res);
      const ok = init.expect.includes(res.status);
      record(route, ms, ok ? undefined : `HTTP ${res.status}`);
      return ok ? { status: res.status, location: res.headers.get("location"), body: text } : null;
    } catch (error) {
      const cause = error instanceof Error ? `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}` : "failed";
      record(route, performance.now() - start, cause);
      return null;
    }
  }
}

// --- Setup: users who may book, instruments to browse and book -----------------------------------

const stack = await startBenchStack();
const db = new pg.Client({ connectionString: benchConfig.dbUrl });
await db.connect();
const app = await startAppServer(benchConfig);
if (new URL(app.url).hostname !== "127.0.0.1") throw new Error("the load test runs on loopback only");

try {
  const { rows: count } = await db.query<{ n: string }>("select count(*) as n from public.instruments");
  if (Number(count[0].n) < 10_000) throw new Error("No bench data: run `npm run bench:data -- --if-missing` first.");

  const { rows: browse } = await db.query<{ id: string }>(
    `select id from public.instruments where status = 'active' order by md5(id::text) limit 500`,
  );
  // Each booker books its own instrument (open on weekdays at least), so that bookers rarely collide.
  const { rows: bookable } = await db.query<{ id: string; modes: string[]; needs_authorisation: boolean; min: number }>(
    `select i.id, i.service_modes::text[] as modes, i.requires_authorisation as needs_authorisation, i.min_booking_minutes as min
       from public.instruments i
      where i.status = 'active' and exists (select 1 from public.availability_rules r where r.instrument_id = i.id)
      order by md5(i.id::text || 'book') limit $1`,
    [BOOKERS],
  );

  // The bookers: real auth users with a password, members of an SME.
  const admin = createClient(benchConfig.apiUrl, benchConfig.serviceRoleKey, clientOptions);
  const { rows: smes } = await db.query<{ id: string }>(
    `select id from public.organisations where kind = 'sme' order by name_zh limit $1`,
    [BOOKERS],
  );
  const bookers: { email: string; instrument: (typeof bookable)[number] }[] = [];
  for (let i = 0; i < BOOKERS; i++) {
    const email = `load-booker-${i + 1}@bench.cz-instruments.test`;
    const { rows: existing } = await db.query<{ id: string }>("select id from auth.users where email = $1", [email]);
    let id = existing[0]?.id;
    if (!id) {
      const created = await admin.auth.admin.createUser({
        email,
        password: BOOKER_PASSWORD,
        email_confirm: true,
        user_metadata: { display_name: `压测用户${i + 1}` },
      });
      if (created.error) throw created.error;
      id = created.data.user.id;
    }
    await db.query(
      `insert into public.organisation_members (organisation_id, user_id, role) values ($1, $2, 'member') on conflict do nothing`,
      [smes[i % smes.length].id, id],
    );
    bookers.push({ email, instrument: bookable[i % bookable.length] });
  }
  // Bookings left over from an interrupted run would fill the bookers' instruments.
  await db.query(
    `update public.bookings set status = 'cancelled' where requester_id in (select id from auth.users where email like 'load-booker-%')
       and status in ('pending', 'confirmed')`,
  );

  const deadline = performance.now() + DURATION_S * 1000;
  const running = () => performance.now() < deadline;

  const visitor = async () => {
    const browser = new Browser(app.url);
    while (running()) {
      const roll = Math.random();
      if (roll < 0.5) {
        const params = new URLSearchParams();
        if (Math.random() < 0.6) params.set("q", pick(TERMS));
        if (Math.random() < 0.3) params.set("category", pick(CATEGORIES));
        if (Math.random() < 0.3) params.set("sort", pick(SORTS));
        if (Math.random() < 0.3) params.set("page", String(1 + Math.floor(Math.random() * 3)));
        const query = params.toString();
        await browser.request("GET /instruments", `/instruments${query ? `?${query}` : ""}`, { expect: [200] });
      } else {
        await browser.request("GET /instruments/:id", `/instruments/${pick(browse).id}`, { expect: [200] });
      }
      if (THINK_MS) await sleep(THINK_MS * (0.5 + Math.random()));
    }
  };

  const booker = async ({ email, instrument }: (typeof bookers)[number]) => {
    const browser = new Browser(app.url);
    const signedIn = await browser.request("POST /login", "/login", {
      form: { email, password: BOOKER_PASSWORD, redirectTo: "/" },
      expect: [302, 303],
    });
    if (!signedIn) return;
    const mode = instrument.modes.find((m) => !(m === "self_operation" && instrument.needs_authorisation)) ?? instrument.modes[0];
    while (running()) {
      const page = await browser.request("GET /instruments/:id", `/instruments/${instrument.id}`, { expect: [200] });
      if (!page) continue;
      const slots = [...page.body.matchAll(/href="(\/instruments\/[^"]+\/book\?start=[^"&]+&amp;end=[^"]+)"/g)].map((m) =>
        m[1].replaceAll("&amp;", "&"),
      );
      if (slots.length === 0) {
        record("booker: no free slot", 0, "no free slot");
        continue;
      }
      const slotPath = pick(slots.slice(0, 40));
      const start = new URL(slotPath, app.url).searchParams.get("start") ?? "";
      const form = await browser.request("GET /instruments/:id/book", slotPath, { expect: [200] });
      if (!form || !running()) continue;
      const posted = await browser.request("POST /instruments/:id/book", `/instruments/${instrument.id}/book`, {
        form: {
          start,
          minutes: String(instrument.min),
          serviceMode: mode,
          purpose: "压力测试：样品形貌观察（load test）",
          sampleDescription: "",
          contactPhone: "",
        },
        // 409/400: the slot went to someone else meanwhile (the form says so).
        expect: [302, 303, 400, 409],
      });
      if (!posted) continue;
      if (posted.status === 400 || posted.status === 409) {
        conflicts++;
        continue;
      }
      bookingsMade++;
      const bookingPath = (posted.location ?? "").split("?")[0];
      if (!/^\/bookings\/[0-9a-f-]{36}$/.test(bookingPath)) {
        record("POST /instruments/:id/book", 0, `unexpected redirect ${posted.location}`);
        continue;
      }
      await browser.request("GET /bookings/:id", posted.location ?? bookingPath, { expect: [200] });
      const cancelled = await browser.request("POST /bookings/:id (cancel)", bookingPath, {
        form: { reason: "压力测试结束" },
        expect: [302, 303],
      });
      if (cancelled) bookingsCancelled++;
      if (THINK_MS) await sleep(THINK_MS * (0.5 + Math.random()));
    }
  };

  await sleep(1_000);
  const rssBefore = app.rssMb();
  const cpuBefore = app.cpuMs();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, app.rssMb())), 250);
  console.log(
    `load test: ${VISITORS} visitors + ${BOOKERS} bookers for ${DURATION_S} s against ${app.url} (built app, NODE_ENV=production); ${machineLoad()}`,
  );
  const started = performance.now();
  await Promise.all([...Array.from({ length: VISITORS }, visitor), ...bookers.map(booker)]);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const rssAfter = app.rssMb();
  const cpu = app.cpuMs() - cpuBefore;
  await sleep(5_000);
  const rssLater = app.rssMb();

  const all = [...stats.values()].flatMap((s) => s.samples);
  const errors = [...stats.values()].reduce((n, s) => n + s.errors, 0);
  const row = (name: string, samples: number[], errs: number) =>
    `  ${name.padEnd(30)} ${String(samples.length).padStart(6)} ${(samples.length / seconds).toFixed(1).padStart(7)}/s  p50 ${percentile(samples, 50).toFixed(0).padStart(6)}  p95 ${percentile(samples, 95).toFixed(0).padStart(6)}  p99 ${percentile(samples, 99).toFixed(0).padStart(6)} ms  errors ${errs}`;
  console.log(`  ${"route".padEnd(30)} ${"n".padStart(6)} ${"rate".padStart(9)}`);
  for (const [route, s] of [...stats].sort((a, b) => b[1].samples.length - a[1].samples.length)) {
    if (s.samples.length) console.log(row(route, s.samples, s.errors));
  }
  console.log(row("all", all, errors));
  console.log(
    `  bookings made ${bookingsMade}, cancelled ${bookingsCancelled}, slot conflicts ${conflicts} (answered 400/409 with the form)`,
  );
  for (const [kind, n] of errorKinds) console.log(`  error: ${kind} × ${n}`);
  console.log(
    `  server: RSS before ${rssBefore.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${rssAfter.toFixed(0)} MB, 5 s later ${rssLater.toFixed(0)} MB; CPU ${(cpu / all.length).toFixed(1)} ms/request; ${machineLoad()}`,
  );
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  await app.stop();
  await db.end();
  await stack.stop();
}
