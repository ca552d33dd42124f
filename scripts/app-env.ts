// The environment the Remix app gets when this repository starts it (dev, tests): `.env.example`
// (the local defaults), overridden by `.env` if present, overridden by the real environment.
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
  };
}
