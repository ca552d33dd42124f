// Ports, keys and paths of the local stack. Defaults follow the Supabase CLI's local
// defaults (API 54321, DB 54322, mail 54324, the well-known demo JWT secret and keys), so the
// same `.env` works with `npx supabase start`. Every value can be overridden by environment
// variables, which is how tests run a second stack beside `npm run dev`.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The Supabase CLI's local demo secret and the keys signed with it (they expire in 2032). */
export const DEMO_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
export const DEMO_ANON_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0";
export const DEMO_SERVICE_ROLE_KEY =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU";
/** Standard-webhooks secret shared by the auth server and the app's Send Email Hook. */
export const DEMO_SEND_EMAIL_HOOK_SECRET = "v1,whsec_bG9jYWwtZGV2LXNlbmQtZW1haWwtaG9vay1zZWNyZXQh";

export interface StackConfig {
  apiPort: number;
  dbPort: number;
  mailPort: number;
  restPort: number;
  dataDir: string;
  jwtSecret: string;
  /** Lifetime of access tokens in seconds (config.toml `jwt_expiry`, GOTRUE_JWT_EXP); 3600 unless told. */
  jwtExpirySeconds: number;
  anonKey: string;
  serviceRoleKey: string;
  apiUrl: string;
  dbUrl: string;
  mailUrl: string;
  /** Where links in auth e-mails point (the app). */
  siteUrl: string;
  /** The app's Send Email Hook; empty disables auth e-mails (the auth server then logs them). */
  sendEmailHookUrl: string;
  sendEmailHookSecret: string;
  /** Require e-mail confirmation before password sign-in (Supabase's default). */
  mailerAutoconfirm: boolean;
  /** Minimum seconds between two auth e-mails of one kind to one address (GOTRUE_SMTP_MAX_FREQUENCY). */
  authEmailMinIntervalSeconds: number;
  /** Both the old and the new address confirm an e-mail change (config.toml `double_confirm_changes`). */
  authSecureEmailChange: boolean;
  /** The largest upload storage accepts, in bytes (config.toml [storage] `file_size_limit`, 50 MiB). */
  storageFileSizeLimit: number;
  /**
   * Commits survive a crash once acknowledged (Postgres's default). STACK_DURABLE=false trades that
   * for speed, for test stacks that are thrown away anyway.
   */
  durable: boolean;
}

function int(value: string | undefined, fallback: number): number {
  const n = value ? Number.parseInt(value, 10) : NaN;
  return Number.isFinite(n) ? n : fallback;
}

export function stackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const apiPort = int(env.STACK_API_PORT, 54321);
  const dbPort = int(env.STACK_DB_PORT, 54322);
  const mailPort = int(env.STACK_MAIL_PORT, 54324);
  const restPort = int(env.STACK_REST_PORT, apiPort + 9); // 54330: PostgREST, behind the gateway
  const siteUrl = env.STACK_SITE_URL ?? "http://localhost:3000";
  return {
    apiPort,
    dbPort,
    mailPort,
    restPort,
    dataDir: path.resolve(ROOT_DIR, env.STACK_DATA_DIR ?? ".local/stack"),
    jwtSecret: env.STACK_JWT_SECRET ?? DEMO_JWT_SECRET,
    jwtExpirySeconds: int(env.STACK_JWT_EXPIRY_SECONDS, 3600),
    anonKey: env.STACK_ANON_KEY ?? DEMO_ANON_KEY,
    serviceRoleKey: env.STACK_SERVICE_ROLE_KEY ?? DEMO_SERVICE_ROLE_KEY,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`,
    mailUrl: `http://127.0.0.1:${mailPort}`,
    siteUrl,
    sendEmailHookUrl: env.STACK_SEND_EMAIL_HOOK_URL ?? `${siteUrl}/hooks/send-email`,
    sendEmailHookSecret: env.STACK_SEND_EMAIL_HOOK_SECRET ?? DEMO_SEND_EMAIL_HOOK_SECRET,
    mailerAutoconfirm: env.STACK_MAILER_AUTOCONFIRM === "true",
    authEmailMinIntervalSeconds: int(env.STACK_AUTH_EMAIL_MIN_INTERVAL_SECONDS, 60),
    authSecureEmailChange: env.STACK_AUTH_SECURE_EMAIL_CHANGE === "true",
    storageFileSizeLimit: int(env.STACK_STORAGE_FILE_SIZE_LIMIT, 50 * 1024 * 1024),
    durable: env.STACK_DURABLE !== "false",
  };
}
