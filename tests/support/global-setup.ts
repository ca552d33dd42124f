// vitest global setup: a fresh local stack on test ports and a Send Email Hook receiver, so
// integration tests run the real Postgres, PostgREST, auth server and gateway.
//
// With TEST_FAKE_NOW set (`npm run test:dates`), Postgres and the worker processes that run the
// tests read that instant as "now" (tests/support/fake-clock.ts); the servers in this process
// and PostgREST keep the real clock, so the tokens they issue and check stay valid.
import { stackConfig } from "../../supabase/local/config.ts";
import { startStack } from "../../supabase/local/stack.ts";
import { fakeClock } from "./fake-clock.ts";
import { startHookReceiver } from "./hook-receiver.ts";
import { TEST_STACK, VITEST_STACK_ENV } from "./test-env.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const clock = process.env.TEST_FAKE_NOW ? fakeClock(process.env.TEST_FAKE_NOW) : null;
  const config = stackConfig({
    ...process.env,
    ...VITEST_STACK_ENV,
    // supabase-js in a worker drops a session its clock sees as expired: tokens issued at the real
    // time must outlive the faked one by the usual hour.
    ...(clock && clock.offsetSeconds > 0 ? { STACK_JWT_EXPIRY_SECONDS: String(3600 + clock.offsetSeconds) } : {}),
  });
  // A port taken by another run makes vitest say only "No test files found" above the error: say why.
  const portHint = (error: unknown): never => {
    const e = error as NodeJS.ErrnoException & { port?: number };
    if (e?.code === "EADDRINUSE") {
      throw new Error(
        `Port ${e.port ?? "?"} is taken (another test run, stack or \`npm run dev\`?): stop it, or run the tests on other ports with TEST_PORT_OFFSET=N.`,
        { cause: error },
      );
    }
    throw error;
  };
  const hook = await startHookReceiver(TEST_STACK.hookReceiverPort, TEST_STACK.hookSecret).catch(portHint);
  const stack = await startStack(config, { reset: true, log: () => undefined, postgresEnv: clock?.env }).catch(async (error: unknown) => {
    await hook.close();
    return portHint(error);
  });
  if (clock) {
    // vitest forks its workers after global setup, with a copy of this process's environment.
    Object.assign(process.env, clock.env);
    console.log(`faked clock: Postgres and test workers run ${clock.offsetSeconds} s off the real clock (now ≈ ${clock.target.toISOString()})`);
  }
  console.log(`test stack ready in ${Date.now() - started} ms on ${config.apiUrl}`);
  return async () => {
    await stack.stop();
    await hook.close();
  };
}
