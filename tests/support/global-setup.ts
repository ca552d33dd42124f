// vitest global setup: a fresh local stack on test ports and a Send Email Hook receiver, so
// integration tests run the real Postgres, PostgREST, auth server and gateway.
import { stackConfig } from "../../supabase/local/config.ts";
import { startStack } from "../../supabase/local/stack.ts";
import { startHookReceiver } from "./hook-receiver.ts";
import { TEST_STACK, VITEST_STACK_ENV } from "./test-env.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const started = Date.now();
  const config = stackConfig({ ...process.env, ...VITEST_STACK_ENV });
  const hook = await startHookReceiver(TEST_STACK.hookReceiverPort, TEST_STACK.hookSecret);
  const stack = await startStack(config, { reset: true, log: () => undefined });
  console.log(`test stack ready in ${Date.now() - started} ms on ${config.apiUrl}`);
  return async () => {
    await stack.stop();
    await hook.close();
  };
}
