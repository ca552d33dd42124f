// The environment the Remix app gets when this repository starts it (dev, tests): `.env.example`
// (the local defaults), overridden by `.env` if present, overridden by the real environment.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { ROOT_DIR, type StackConfig } from "../supabase/local/config.ts";

function readEnvFile(name: string): Record<string, string> {
  const file = path.join(ROOT_DIR, name);
  if (!fs.existsSync(file)) return {};
  return parseEnv(fs.readFileSync(file, "utf8")) as Record<string, string>;
}

export function fileEnv(): Record<string, string> {
  return { ...readEnvFile(".env.example"), ...readEnvFile(".env") };
}

/** Variables that point the app at a running local stack. */
export function appEnvForStack(stack: StackConfig, appUrl: string): Record<string, string> {
  return {
    SUPABASE_URL: stack.apiUrl,
    SUPABASE_ANON_KEY: stack.anonKey,
    SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
    SEND_EMAIL_HOOK_SECRET: stack.sendEmailHookSecret,
    RESEND_API_KEY: "re_local_dev",
    RESEND_BASE_URL: stack.mailUrl,
    APP_URL: appUrl,
    // The resend button's cooldown matches the stack's interval between two auth e-mails.
    AUTH_EMAIL_MIN_INTERVAL_SECONDS: String(stack.authEmailMinIntervalSeconds),
  };
}

/**
 * The e-mail outbox worker (scripts/worker.ts) as a child process with the app's environment.
 * A crash is reported, not fatal: the app keeps running, and rows wait in the outbox.
 */
export function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const worker = spawn(path.join(ROOT_DIR, "node_modules", ".bin", "tsx"), ["scripts/worker.ts"], {
    cwd: ROOT_DIR,
    stdio: "inherit",
    env,
  });
  worker.on("exit", (code, signal) => {
    if (code) console.error(`outbox worker exited with code ${code}; booking e-mails wait in the outbox`);
    else if (signal && signal !== "SIGTERM" && signal !== "SIGINT") console.error(`outbox worker stopped by ${signal}`);
  });
  return worker;
}

/** Sends SIGTERM to a child that is still running and waits for it to exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
