// The local stack keeps PostgREST running (issue 12, item 9): supervise() restarts a child that
// dies on its own, with a back-off that doubles while it keeps dying, says so, and stops for good
// when asked. Real child processes (`sleep`), no PostgREST needed.
import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { RESTART_DELAYS, supervise } from "../../supabase/local/stack.ts";

const started: ReturnType<typeof supervise>[] = [];
afterEach(async () => {
  for (const s of started.splice(0)) await s.stop();
});

const sleeper = () => spawn("sleep", ["60"], { stdio: "ignore" });
const waitFor = async (check: () => boolean, ms = 5_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("supervise", () => {
  it("restarts a child that was killed, and logs it", async () => {
    const lines: string[] = [];
    const first = sleeper();
    const s = supervise("sleeper", sleeper, first, (line) => lines.push(line));
    started.push(s);
    first.kill("SIGKILL");
    await waitFor(() => s.current() !== first && s.current().pid !== undefined);
    expect(lines[0]).toMatch(/^sleeper exited \(SIGKILL\); restarting it in 500 ms$/);
    expect(lines[1]).toMatch(/^sleeper restarted \(pid \d+\)$/);
    expect(s.current().exitCode).toBeNull();
  });

  it("backs off while the child keeps dying", async () => {
    const lines: string[] = [];
    const first = sleeper();
    const s = supervise("sleeper", sleeper, first, (line) => lines.push(line));
    started.push(s);
    first.kill("SIGKILL");
    await waitFor(() => s.current() !== first);
    const second = s.current();
    second.kill("SIGKILL");
    await waitFor(() => lines.length >= 3);
    expect(lines[2]).toContain(`restarting it in ${RESTART_DELAYS.firstMs * 2} ms`);
  });

  it("does not restart after stop()", async () => {
    const lines: string[] = [];
    const first = sleeper();
    const s = supervise("sleeper", sleeper, first, (line) => lines.push(line));
    await s.stop();
    expect(first.signalCode ?? first.exitCode).not.toBeNull();
    await new Promise((r) => setTimeout(r, RESTART_DELAYS.firstMs + 200));
    expect(lines).toEqual([]);
    expect(s.current()).toBe(first);
  });
});
