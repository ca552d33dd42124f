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
/**
 * The Supabase CLI's local publishable and secret API keys (`supabase status`): opaque keys the
 * gateway maps to the anon and service_role roles, beside the legacy JWT keys above.
 */
export const DEMO_PUBLISHABLE_KEY = "sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH";
export const DEMO_SECRET_KEY = "sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz";
/** Standard-webhooks secret shared by the auth server and the app's Send Email Hook. */
export const DEMO_SEND_EMAIL_HOOK_SECRET = "v1,whsec_bG9jYWwtZGV2LXNlbmQtZW1haWwtaG9vay1zZWNyZXQh";

/**
 * Supabase's `[auth.rate_limit]` (config.toml), per client address unless said otherwise. A
 * limit of 0 turns that limit off. Test stacks raise them through STACK_AUTH_RATE_LIMIT_*.
 */
export interface AuthRateLimits {
  /** E-mails the auth server sends per hour, all addresses together (`email_sent`). */
  emailSent: number;
  /** Sign-ups, sign-ins (password), magic links, OTPs and recoveries per 5 minutes (`sign_in_sign_ups`). */
  signInSignUps: number;
  /** /verify calls per 5 minutes (`token_verifications`). */
  tokenVerifications: number;
  /** Refresh-token grants per 5 minutes (`token_refresh`). */
  tokenRefresh: number;
  /**
   * Not in Supabase: failed password sign-ins for one account per 5 minutes; past it, every
   * sign-in to that account (right password included) answers 429 until the window has passed.
   */
  accountSignIns: number;
}

/** Supabase's `password_requirements`: which kinds of character a password must contain. */
export type PasswordRequirements = "" | "letters_digits" | "lower_upper_letters_digits" | "lower_upper_letters_digits_symbols";

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
  /** Supabase's `[auth.rate_limit]`. */
  authRateLimits: AuthRateLimits;
  /** `minimum_password_length` (8 here; Supabase's minimum is 6). */
  authPasswordMinLength: number;
  /** `password_requirements`. */
  authPasswordRequirements: PasswordRequirements;
  /**
   * Refuse passwords on the project's common-password list (`weak_password`, reason "pwned"),
   * where a Supabase project asks HaveIBeenPwned (`[auth.password] hibp_enabled`).
   */
  authRejectCommonPasswords: boolean;
  /** `enable_signup = false`: no new users through /signup or /otp (admins still create them). */
  authDisableSignup: boolean;
  /** `[auth.email] secure_password_change`: a password change needs a nonce from /reauthenticate. */
  authSecurePasswordChange: boolean;
  /**
   * Trust the `Sb-Forwarded-For` header for the client address rate limits key on (GoTrue's
   * GOTRUE_SECURITY_SB_FORWARDED_FOR_ENABLED): the app sends its visitor's address there, as all
   * its calls come from one server address.
   */
  authSbForwardedFor: boolean;
  /** Access tokens are signed with ES256 keys (published at /auth/v1/.well-known/jwks.json) or the HS256 secret. */
  jwtAlgorithm: "ES256" | "HS256";
  /** Opaque API keys for the anon and service_role roles (`sb_publishable_…`, `sb_secret_…`). */
  publishableKey: string;
  secretKey: string;
  /**
   * Commits survive a crash once acknowledged (Postgres's default). STACK_DURABLE=false trades that
   * for speed, for test stacks that are thrown away anyway.
   */
  durable: boolean;
}

const PASSWORD_REQUIREMENTS: PasswordRequirements[] = ["", "letters_digits", "lower_upper_letters_digits", "lower_upper_letters_digits_symbols"];

function passwordRequirements(value: string | undefined): PasswordRequirements {
  const found = PASSWORD_REQUIREMENTS.find((r) => r === (value ?? ""));
  if (found === undefined) throw new Error(`STACK_AUTH_PASSWORD_REQUIREMENTS must be one of ${PASSWORD_REQUIREMENTS.join(", ")}`);
  return found;
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
    authRateLimits: {
      emailSent: int(env.STACK_AUTH_RATE_LIMIT_EMAIL_SENT, 30),
      signInSignUps: int(env.STACK_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS, 30),
      tokenVerifications: int(env.STACK_AUTH_RATE_LIMIT_TOKEN_VERIFICATIONS, 30),
      tokenRefresh: int(env.STACK_AUTH_RATE_LIMIT_TOKEN_REFRESH, 150),
      accountSignIns: int(env.STACK_AUTH_RATE_LIMIT_ACCOUNT_SIGN_INS, 10),
    },
    authPasswordMinLength: int(env.STACK_AUTH_PASSWORD_MIN_LENGTH, 8),
    authPasswordRequirements: passwordRequirements(env.STACK_AUTH_PASSWORD_REQUIREMENTS),
    authRejectCommonPasswords: env.STACK_AUTH_REJECT_COMMON_PASSWORDS !== "false",
    authDisableSignup: env.STACK_AUTH_DISABLE_SIGNUP === "true",
    authSecurePasswordChange: env.STACK_AUTH_SECURE_PASSWORD_CHANGE === "true",
    authSbForwardedFor: env.STACK_AUTH_SB_FORWARDED_FOR !== "false",
    jwtAlgorithm: env.STACK_JWT_ALGORITHM === "HS256" ? "HS256" : "ES256",
    publishableKey: env.STACK_PUBLISHABLE_KEY ?? DEMO_PUBLISHABLE_KEY,
    secretKey: env.STACK_SECRET_KEY ?? DEMO_SECRET_KEY,
  };
}
