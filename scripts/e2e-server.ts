// Playwright's web server: a fresh local stack on the e2e ports, the built app (server/index.ts)
// on http://localhost:3100 and the e-mail outbox worker (polling every 250 ms, so booking
// e-mails reach the e2e mailbox quickly), wired together like `npm run dev`. Stops all on
// SIGTERM/SIGINT.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { stopOnSignals } from "../supabase/local/cli.ts";
import { ROOT_DIR, stackConfig } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { E2E, E2E_PORT, E2E_STACK_ENV } from "../tests/support/test-env.ts";
import { appEnvForStack, startWorker, stopChild } from "./app-env.ts";

if (!fs.existsSync(path.join(ROOT_DIR, "build", "index.js"))) {
  console.error("The app is not built: run `npm run build` first (npm run test:e2e does).");
  process.exit(1);
}
const config = stackConfig({ ...process.env, ...E2E_STACK_ENV });
const stack = await startStack(config, { reset: true });
const appEnv = {
  ...process.env,
  ...appEnvForStack(config, E2E.appUrl),
  PORT: String(E2E_PORT),
  NODE_ENV: "production" as const,
  // Every browser test signs in from one address: the app's auth throttle, raised.
  AUTH_RATE_LIMIT_FACTOR: "100",
};
const app = spawn(path.join(ROOT_DIR, "node_modules", ".bin", "tsx"), ["server/index.ts"], {
  cwd: ROOT_DIR,
  stdio: "inherit",
  env: appEnv,
});
const worker = startWorker({ ...appEnv, OUTBOX_POLL_MS: "250" });
stopOnSignals(async () => {
  await Promise.all([stopChild(app), stopChild(worker)]);
  await stack.stop();
});
app.on("exit", (code) => {
  if (code)
    void stopChild(worker)
      .then(() => stack.stop())
      .finally(() => process.exit(code));
});
