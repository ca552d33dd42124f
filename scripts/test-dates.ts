// `npm run test:dates [-- <filter>…]`: runs the date-sensitive vitest suites as if on other days,
// once per instant below, each on a fresh stack, and prints a table. Exits non-zero if any run
// fails. A filter (e.g. `2028-02-29`) runs only the instants whose date or label contains it.
//
// How: vitest's global setup reads TEST_FAKE_NOW and preloads datefudge, with one fixed
// offset, into the Postgres server and into the worker processes that run the tests, so SQL's
// now() and `new Date()` in tests and app code read the instant; PostgREST and the auth server
// keep the real clock, so the tokens they issue and check stay valid (tests/support/fake-clock.ts).
// Each run's output goes to .local/test-dates/<date>.log.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../supabase/local/config.ts";
import { DATEFUDGE_MISSING, findDatefudge } from "../tests/support/fake-clock.ts";

/**
 * Instants as Shanghai wall-clock times, each a trap for "now + N days lands on …", "this
 * month/year", weekday and UTC-versus-Shanghai date maths. Fixed dates, so a failure can be
 * replayed; one is already in the past, and the design works there too (the others will be one day).
 */
const INSTANTS: { at: string; why: string }[] = [
  { at: "2026-11-29T23:30:00+08:00", why: "Sunday late evening, in the real past when written" },
  { at: "2027-01-03T23:30:00+08:00", why: "Sunday late evening; ISO week 53 of 2026" },
  // Setup takes ~20 s and the suites ~2 min: the year turns while the tests run.
  { at: "2026-12-31T23:59:00+08:00", why: "31 December late evening: the year turns during the run" },
  { at: "2028-02-29T23:30:00+08:00", why: "29 February late evening; UTC is already 15:30 of the same day" },
  { at: "2027-07-01T00:10:00+08:00", why: "first day of a month (and half-year) just after midnight: still 30 June in UTC" },
  { at: "2027-03-01T00:05:00+08:00", why: "Monday 00:05, first of March after a short February: Sunday 28 Feb in UTC" },
];

/**
 * The suites that decide by "now", the weekday, the month or the year (directly or through the
 * app code and SQL they call). The rest (auth protocol, schema, mailbox, …) does not look at the
 * calendar; the auth suites also compare the database's clock with the auth server's, which this
 * mode deliberately keeps apart.
 */
const SUITES = [
  "tests/integration/db/clock.test.ts", // the worker and Postgres read the same faked instant
  "tests/integration/booking/", // lead time, horizon, opening hours and closures on computed days
  "tests/integration/stats/", // rollups by Shanghai day, week, month and year
  "tests/integration/rls/matrix.test.ts", // closures, future and past bookings, rollup rows
  "tests/integration/db/catalogue-search.test.ts", // time-first search: free windows from now
  "tests/integration/db/network-figures.test.ts", // "hours served this year"
  "tests/integration/db/seed.test.ts", // the seed's bookings are relative to the seed time
  "tests/integration/outbox/worker.test.ts", // reminders 24 h before, skipped once started
  "tests/unit/catalogue-filters.test.ts", // free windows refused once past
  "tests/unit/booking-validation.test.ts", // slot dates and lengths
  "tests/unit/shanghai-time.test.ts", // Shanghai wall-clock conversions and calendar arithmetic
  "tests/unit/stats-periods.test.ts", // this month, last month, year to date from "now"
  "tests/unit/booking-ics.test.ts", // .ics times
  "tests/unit/booking-emails.test.ts", // times, dates and weekdays in e-mails
  "tests/unit/format.test.ts", // date formatting per locale
  "tests/unit/send-email-hook.test.ts", // webhook timestamps checked against now
];

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

function shanghaiWallClock(at: Date): { text: string; weekday: string } {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  return { text: local.toISOString().slice(0, 16).replace("T", " "), weekday: WEEKDAYS[local.getUTCDay()] };
}

interface Result {
  at: string;
  weekday: string;
  wallClock: string;
  utc: string;
  ok: boolean;
  summary: string;
  seconds: number;
  log: string;
}

function run(at: string, logFile: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(logFile);
    const child = spawn(path.join(ROOT_DIR, "node_modules", ".bin", "vitest"), ["run", ...SUITES], {
      cwd: ROOT_DIR,
      env: { ...process.env, TEST_FAKE_NOW: at },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (d: Buffer) => {
      out.write(d);
      output += d.toString();
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code) => out.end(() => resolve({ code: code ?? 1, output })));
  });
}

/** vitest's "Tests  3 failed | 120 passed (123)" line, without colours. */
function testsLine(output: string): string {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, ""); // eslint-disable-line no-control-regex
  return /^\s*Tests\s+(.+)$/m.exec(plain)?.[1].trim() ?? "no test summary (see log)";
}

async function main() {
  if (!findDatefudge()) {
    console.error(DATEFUDGE_MISSING);
    process.exit(2);
  }
  // A suite that was renamed or moved must be renamed here too, not silently skipped.
  const missing = SUITES.filter((suite) => !fs.existsSync(path.join(ROOT_DIR, suite)));
  if (missing.length > 0) {
    console.error(`scripts/test-dates.ts lists suites that do not exist: ${missing.join(", ")}`);
    process.exit(2);
  }
  const filters = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const instants = INSTANTS.filter((i) => filters.length === 0 || filters.some((f) => i.at.includes(f) || i.why.includes(f)));
  if (instants.length === 0) {
    console.error(`No instant matches ${filters.join(", ")}.`);
    process.exit(2);
  }
  const logDir = path.join(ROOT_DIR, ".local", "test-dates");
  fs.mkdirSync(logDir, { recursive: true });

  const results: Result[] = [];
  const started = Date.now();
  for (const { at, why } of instants) {
    const instant = new Date(at);
    const { text, weekday } = shanghaiWallClock(instant);
    console.log(`\n▶ ${weekday} ${text} Shanghai (${instant.toISOString()}): ${why}`);
    const log = path.join(logDir, `${at.slice(0, 16).replace(":", "")}.log`);
    const t0 = Date.now();
    const { code, output } = await run(at, log);
    const seconds = Math.round((Date.now() - t0) / 1000);
    const summary = testsLine(output);
    console.log(`  ${code === 0 ? "passed" : "FAILED"}: ${summary} in ${seconds} s (log: ${path.relative(ROOT_DIR, log)})`);
    if (code !== 0) {
      const plain = output.replace(/\x1b\[[0-9;]*m/g, ""); // eslint-disable-line no-control-regex
      for (const line of plain.split("\n").filter((l) => /FAIL|✗|×|AssertionError|Error:/.test(l)).slice(0, 30)) console.log(`    ${line.trim()}`);
    }
    results.push({ at, weekday, wallClock: text, utc: instant.toISOString().slice(0, 16).replace("T", " "), ok: code === 0, summary, seconds, log });
  }

  const rows = [
    ["instant (Shanghai)", "weekday", "UTC", "result", "tests", "duration"],
    ...results.map((r) => [r.wallClock, r.weekday, r.utc, r.ok ? "passed" : "FAILED", r.summary, `${r.seconds} s`]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  console.log("\n" + rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join("  ")).join("\n"));
  const failed = results.filter((r) => !r.ok).length;
  const total = Math.round((Date.now() - started) / 1000);
  console.log(failed ? `\n${failed} of ${instants.length} instants FAILED (${total} s)` : `\nAll ${instants.length} instants passed (${total} s)`);
  process.exit(failed ? 1 : 0);
}

await main();
