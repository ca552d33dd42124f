// Supabase Auth's Send Email Hook (resource route). Errors use the shape Supabase expects
// from hooks: { error: { http_code, message } }.
import { json, type ActionFunctionArgs } from "@remix-run/node";
import { deliverAuthEmails } from "~/lib/auth/auth-email.server";
import { env } from "~/lib/platform/env.server";
import { HookVerificationError, verifySendEmailHook } from "~/lib/auth/send-email-hook.server";

function hookError(status: number, message: string) {
  return json({ error: { http_code: status, message } }, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return hookError(405, "Method not allowed");
  const rawBody = await request.text();
  let hook;
  try {
    hook = verifySendEmailHook(rawBody, request.headers, env.SEND_EMAIL_HOOK_SECRET);
  } catch (error) {
    if (error instanceof HookVerificationError) return hookError(401, error.message);
    throw error;
  }
  try {
    await deliverAuthEmails(hook);
  } catch (error) {
    console.error("Send Email Hook failed:", error);
    return hookError(500, error instanceof Error ? error.message : "Could not send e-mail");
  }
  return json({});
}

export function loader() {
  return hookError(405, "Method not allowed");
}
