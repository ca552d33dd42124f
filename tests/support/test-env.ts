// Ports and keys of the stacks that tests start for themselves, away from `npm run dev`'s
// ports so both can run at once.
import {
  DEMO_ANON_KEY,
  DEMO_PUBLISHABLE_KEY,
  DEMO_SECRET_KEY,
  DEMO_SEND_EMAIL_HOOK_SECRET,
  DEMO_SERVICE_ROLE_KEY,
} from "../../supabase/local/config.ts";

/**
 * `TEST_PORT_OFFSET=100 npx vitest run …` (or `npm run test:e2e`) moves every test port and data
 * folder, so that two test runs can share a machine.
 */
const offset = Number.parseInt(process.env.TEST_PORT_OFFSET ?? "0", 10) || 0;
const port = (base: number) => base + offset;
const suffix = offset ? `-${offset}` : "";

/** [auth.rate_limit] raised for test stacks (config.ts STACK_AUTH_RATE_LIMIT_*). */
export const RAISED_AUTH_LIMITS = {
  STACK_AUTH_RATE_LIMIT_EMAIL_SENT: "100000",
  STACK_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: "100000",
  STACK_AUTH_RATE_LIMIT_TOKEN_VERIFICATIONS: "100000",
  STACK_AUTH_RATE_LIMIT_TOKEN_REFRESH: "100000",
  STACK_AUTH_RATE_LIMIT_ACCOUNT_SIGN_INS: "1000",
} as const;

/** Environment for the stack vitest starts (tests/support/global-setup.ts). */
export const VITEST_STACK_ENV = {
  STACK_API_PORT: String(port(55321)),
  STACK_DB_PORT: String(port(55322)),
  STACK_MAIL_PORT: String(port(55324)),
  STACK_REST_PORT: String(port(55330)),
  STACK_DATA_DIR: `.local/test-vitest${suffix}`,
  STACK_SITE_URL: `http://localhost:${port(55326)}`,
  STACK_SEND_EMAIL_HOOK_URL: `http://127.0.0.1:${port(55325)}/hook`,
  STACK_AUTH_EMAIL_MIN_INTERVAL_SECONDS: "60",
  // Every test shares one stack and one client address: limits far above what a run needs (the
  // rate-limit tests start their own auth server with low ones).
  ...RAISED_AUTH_LIMITS,
  // A throwaway database: speed over crash durability (the fault test checks durability).
  STACK_DURABLE: "false",
} as const;

export const TEST_STACK = {
  apiUrl: `http://127.0.0.1:${port(55321)}`,
  dbUrl: `postgresql://postgres:postgres@127.0.0.1:${port(55322)}/postgres`,
  mailUrl: `http://127.0.0.1:${port(55324)}`,
  hookReceiverPort: port(55325),
  hookReceiverUrl: `http://127.0.0.1:${port(55325)}`,
  hookSecret: DEMO_SEND_EMAIL_HOOK_SECRET,
  siteUrl: `http://localhost:${port(55326)}`,
  anonKey: DEMO_ANON_KEY,
  serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
  publishableKey: DEMO_PUBLISHABLE_KEY,
  secretKey: DEMO_SECRET_KEY,
  dataDir: `.local/test-vitest${suffix}`,
} as const;

/** Environment for the stack and app Playwright starts (scripts/e2e-server.ts); TEST_PORT_OFFSET moves it too. */
export const E2E_PORT = port(3100);
export const E2E_STACK_ENV = {
  STACK_API_PORT: String(port(56321)),
  STACK_DB_PORT: String(port(56322)),
  STACK_MAIL_PORT: String(port(56324)),
  STACK_REST_PORT: String(port(56330)),
  STACK_DATA_DIR: `.local/test-e2e${suffix}`,
  STACK_SITE_URL: `http://localhost:${E2E_PORT}`,
  STACK_SEND_EMAIL_HOOK_URL: `http://127.0.0.1:${E2E_PORT}/hooks/send-email`,
  // The journey sends several auth e-mails to one address within a minute.
  STACK_AUTH_EMAIL_MIN_INTERVAL_SECONDS: "1",
  ...RAISED_AUTH_LIMITS,
  STACK_DURABLE: "false",
} as const;

export const E2E = {
  appUrl: `http://localhost:${E2E_PORT}`,
  mailUrl: `http://127.0.0.1:${port(56324)}`,
  apiUrl: `http://127.0.0.1:${port(56321)}`,
  dbUrl: `postgresql://postgres:postgres@127.0.0.1:${port(56322)}/postgres`,
  anonKey: DEMO_ANON_KEY,
  serviceRoleKey: DEMO_SERVICE_ROLE_KEY,
} as const;
