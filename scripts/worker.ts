// `npm run worker`: the e-mail outbox worker as its own process (production, and the child that
// `npm run dev` and the e2e server start). Needs the app's environment (SUPABASE_URL, the service
// role key, RESEND_API_KEY, APP_URL…). OUTBOX_POLL_MS sets the pause between polls (default
// 5000). SIGTERM or SIGINT: finishes the message in progress, then exits.
import { z } from "zod";

const pollMs = z.coerce
  .number()
  .int()
  .min(100)
  .max(600_000)
  .default(5000)
  .parse(process.env.OUTBOX_POLL_MS || undefined);

// Imported after the check above so that a bad environment fails with env.server's message.
const { defaultWorkerId, startOutboxWorker } = await import("../app/lib/email/outbox.server.ts");

const stop = startOutboxWorker({ intervalMs: pollMs });
console.info(`outbox worker ${defaultWorkerId} polling every ${pollMs} ms`);

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  console.info(`outbox worker: ${signal}, stopping…`);
  stop()
    .catch((error: unknown) => console.error(error))
    .finally(() => process.exit(0));
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
