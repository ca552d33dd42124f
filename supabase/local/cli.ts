// `npm run stack [-- --reset]`: runs the local Supabase stack in the foreground, prints its URLs
// and keys, and stops every child process on Ctrl-C or SIGTERM.
import { rotateSigningKeys } from "./auth/keys.ts";
import { stackConfig } from "./config.ts";
import { startStack, type RunningStack } from "./stack.ts";

export function describeStack(stack: RunningStack): string {
  const c = stack.config;
  return [
    "",
    "Local Supabase stack is running:",
    `  API URL        ${c.apiUrl}      (/rest/v1 → PostgREST, /auth/v1 → auth, /storage/v1 → storage)`,
    `  DB URL         ${c.dbUrl}`,
    `  Mailbox        ${c.mailUrl}     (Resend-compatible API and inbox pages)`,
    `  Publishable key ${c.publishableKey}`,
    `  Secret key     ${c.secretKey}`,
    `  anon key       ${c.anonKey}   (legacy JWT key)`,
    `  service_role   ${c.serviceRoleKey}   (legacy JWT key)`,
    c.jwtAlgorithm === "ES256"
      ? `  JWT signing    ES256, keys in ${c.dataDir}/signing-keys.json, public at ${c.apiUrl}/auth/v1/.well-known/jwks.json`
      : `  JWT secret     ${c.jwtSecret} (HS256)`,
    `  Send Email Hook ${c.sendEmailHookUrl}`,
    `  Data           ${c.dataDir}`,
    `  Started in ${Object.values(stack.timings).reduce((a, b) => a + b, 0)} ms (${Object.entries(stack.timings)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")})`,
    "",
  ].join("\n");
}

/** Stops the stack once on SIGINT/SIGTERM, then exits. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    stop()
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  process.on("SIGHUP", handler);
}

async function main() {
  if (process.argv.includes("--rotate-keys")) {
    const config = stackConfig();
    const kid = rotateSigningKeys(config.dataDir);
    console.log(`New signing key ${kid} in ${config.dataDir}/signing-keys.json; the previous keys still verify. Restart the stack to use it.`);
    return;
  }
  const reset = process.argv.includes("--reset");
  const stack = await startStack(stackConfig(), { reset });
  console.log(describeStack(stack));
  stopOnSignals(stack.stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
