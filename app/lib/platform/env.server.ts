// Environment, parsed once at start-up. A missing or malformed variable stops the server
// with a message naming it, instead of failing later on the first request that needs it.
import { z } from "zod";

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SUPABASE_URL: z.string().url(),
  SUPABASE_ANON_KEY: z.string().min(1),
  /** Server-only: bypasses RLS. Used only by `supabase-admin.server.ts`. */
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(1),
  SEND_EMAIL_HOOK_SECRET: z
    .string()
    .regex(/^v1,whsec_[A-Za-z0-9+/]+={0,2}$/, "must look like v1,whsec_<base64>"),
  RESEND_API_KEY: z.string().min(1),
  /** Read by the resend SDK itself as well; locally the stack's mailbox. */
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().min(3).default("常州仪器共享 <noreply@instruments.changzhou.example>"),
  APP_URL: z
    .string()
    .url()
    .default("http://localhost:3000")
    .transform((url) => url.replace(/\/+$/, "")),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Treat empty strings as unset so `FOO=` in a .env file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`)
      .join("\n");
    throw new Error(`Invalid environment variables (see .env.example):\n${problems}`);
  }
  return result.data;
}

export const env: Env = parseEnv(process.env);
