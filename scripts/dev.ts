// `npm run dev`: the local Supabase stack (with demo data on first start), the Remix dev
// server on http://localhost:3000 and the e-mail outbox worker (`scripts/worker.ts` as a child
// process with the app's environment, sending to the stack's mailbox). Ctrl-C stops all three.
import { spawn } from "node:child_process";
import path from "node:path";
import { describeStack, stopOnSignals } from "../supabase/local/cli.ts";
import { ROOT_DIR, stackConfig } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { appEnvForStack, fileEnv, startWorker, stopChild } from "./app-env.ts";

const port = process.env.PORT ?? "3000";
const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
const config = stackConfig({ STACK_SITE_URL: appUrl, ...process.env });
const stack = await startStack(config, { reset: process.argv.includes("--reset") }).catch((error: unknown) => {
  // A stale local database or a port in use: say what to do, without a stack trace.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
console.log(describeStack(stack));

const appEnv = { ...fileEnv(), ...appEnvForStack(config, appUrl), ...process.env, PORT: port, NODE_ENV: "development" as const, REMIX_BUILD: "dev" };
// remix dev rebuilds on save and runs the app's own server (server/index.ts), which re-imports
// the build and tells remix dev when it is ready.
const remix = spawn(path.join(ROOT_DIR, "node_modules", ".bin", "remix"), ["dev", "-c", "tsx server/index.ts"], {
  cwd: ROOT_DIR,
  stdio: "inherit",
  env: appEnv,
});
const worker = startWorker({ ...appEnv, OUTBOX_POLL_MS: process.env.OUTBOX_POLL_MS ?? "2000" });
console.log(`App: ${appUrl}   Mailbox: ${config.mailUrl}\n`);

const stopAll = async () => {
  await Promise.all([stopChild(remix), stopChild(worker)]);
  await stack.stop();
};
stopOnSignals(stopAll);
remix.on("exit", (code) => {
  if (code !== null && code !== 0) {
    console.error(`remix dev exited with code ${code}`);
    void stopChild(worker)
      .then(() => stack.stop())
      .finally(() => process.exit(code));
  }
});
