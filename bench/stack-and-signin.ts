// Figures for the local stack: ready time from an empty database and from a warm one, and the
// latency of a password sign-in through the gateway (supabase-js), median of 100.
// Run: npx tsx bench/stack-and-signin.ts   (uses ports 573xx and .local/bench-stack)
import { performance } from "node:perf_hooks";
import { createClient } from "@supabase/supabase-js";
import { stackConfig } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { clientOptions as options, percentile } from "./bench-stack.ts";

const config = stackConfig({
  ...process.env,
  STACK_API_PORT: "57321",
  STACK_DB_PORT: "57322",
  STACK_MAIL_PORT: "57324",
  STACK_REST_PORT: "57330",
  STACK_DATA_DIR: ".local/bench-stack",
  STACK_SEND_EMAIL_HOOK_URL: "http://127.0.0.1:9/unused",
  // 105 sign-ins from one address in seconds: what it measures is a sign-in, not the throttle.
  STACK_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: "100000",
});
const quiet = () => undefined;


let t = performance.now();
let stack = await startStack(config, { reset: true, log: quiet });
const fresh = performance.now() - t;
await stack.stop();
t = performance.now();
stack = await startStack(config, { log: quiet });
const warm = performance.now() - t;

try {
  const admin = createClient(config.apiUrl, config.serviceRoleKey, options);
  const email = `bench-${Date.now()}@example.test`;
  const password = "bench-password-123";
  const created = await admin.auth.admin.createUser({ email, password, email_confirm: true });
  if (created.error) throw created.error;
  const client = createClient(config.apiUrl, config.anonKey, options);
  for (let i = 0; i < 5; i++) await client.auth.signInWithPassword({ email, password }); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    const { error } = await client.auth.signInWithPassword({ email, password });
    samples.push(performance.now() - start);
    if (error) throw error;
  }
  samples.sort((a, b) => a - b);
  console.log(`stack ready, fresh database : ${fresh.toFixed(0)} ms  (${JSON.stringify(stack.timings)} on warm start)`);
  console.log(`stack ready, warm database  : ${warm.toFixed(0)} ms`);
  console.log(
    `password sign-in via gateway: median ${percentile(samples, 50).toFixed(1)} ms, p95 ${percentile(samples, 95).toFixed(1)} ms, n=100 (bcrypt cost 10)`,
  );
} finally {
  await stack.stop();
}
