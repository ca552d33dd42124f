// `npm run dev`: the local Supabase stack (with demo data on first start) and the Remix dev
// server on http://localhost:3000. Ctrl-C stops both.
import { spawn } from "node:child_process";
import path from "node:path";
import { describeStack, stopOnSignals } from "../supabase/local/cli.ts";
import { ROOT_DIR, stackConfig } from "../supabase/local/config.ts";
import { startStack } from "../supabase/local/stack.ts";
import { appEnvForStack, fileEnv } from "./app-env.ts";

const port = process.env.PORT ?? "3000";
const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
const config = stackConfig({ STACK_SITE_URL: appUrl, ...process.env });
const stack = await startStack(config, { reset: process.argv.includes("--reset") });
console.log(describeStack(stack));

const remix = spawn(path.join(ROOT_DIR, "node_modules", ".bin", "remix"), ["dev"], {
  cwd: ROOT_DIR,
  stdio: "inherit",
  env: { ...fileEnv(), ...appEnvForStack(config, appUrl), ...process.env, PORT: port, NODE_ENV: "development" },
});
console.log(`App: ${appUrl}   Mailbox: ${config.mailUrl}\n`);

const stopAll = async () => {
  if (remix.exitCode === null) {
    remix.kill("SIGTERM");
    await new Promise((r) => remix.once("exit", r));
  }
  await stack.stop();
};
stopOnSignals(stopAll);
remix.on("exit", (code) => {
  if (code !== null && code !== 0) {
    console.error(`remix dev exited with code ${code}`);
    void stack.stop().finally(() => process.exit(code));
  }
});
