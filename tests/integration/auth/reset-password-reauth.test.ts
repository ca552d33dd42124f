// The account's "change password" page (/account/reset-password) when the auth server wants a
// reauthentication nonce (secure_password_change on, session older than a day): instead of a dead
// end, the page e-mails the code, shows a code field, and the code changes the password. Runs the
// route's action against a side stack configured that way (the app's SUPABASE_URL points at it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as ResetPasswordRoute from "~/routes/account.reset-password";
import { signedInRequest, useTestStackEnv } from "../../support/app-env.ts";
import { hookEmails, latestHookEmail } from "../../support/hook-receiver.ts";
import { anonClient, confirmedUser, newPassword, sql } from "./helpers.ts";
import { startSideStack, type SideStack } from "./side-stack.ts";

let side: SideStack;
let action: typeof ResetPasswordRoute.action;

beforeAll(async () => {
  side = await startSideStack({ STACK_AUTH_SECURE_PASSWORD_CHANGE: "true" });
  useTestStackEnv({ SUPABASE_URL: side.apiUrl });
  ({ action } = await import("~/routes/account.reset-password"));
});

afterAll(async () => {
  await side?.close();
});

const URL_ = "http://localhost:3000/account/reset-password";

/** A confirmed user's session cookie, with every session of theirs made older than a day. */
async function oldSessionCookie() {
  const user = await confirmedUser();
  const cookie = (await signedInRequest(URL_, user)).headers.get("Cookie") ?? "";
  await sql("update auth.sessions set created_at = now() - interval '25 hours' where user_id = $1", [user.id]);
  return { ...user, cookie };
}

async function submit(cookie: string, fields: Record<string, string>) {
  const request = new Request(URL_, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Cookie: cookie, "content-type": "application/x-www-form-urlencoded", origin: "http://localhost:3000" },
  });
  try {
    return await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function body(res: Response) {
  return (await res.json()) as { codeSent: boolean; result: { error?: Record<string, { message: string }[] | null> } };
}

describe("change password with reauthentication", () => {
  it("sends the code when the auth server asks for one; the code from the e-mail changes the password", async () => {
    const user = await oldSessionCookie();
    const password = newPassword();

    const first = await submit(user.cookie, { password, confirmPassword: password });
    expect(first.status).toBe(200);
    expect((await body(first)).codeSent).toBe(true);
    const mail = await latestHookEmail(user.email, "reauthentication");
    const code = mail.email_data.token;
    expect(code).toMatch(/^\d{6}$/);

    const wrong = await submit(user.cookie, { password, confirmPassword: password, code: code === "000000" ? "111111" : "000000" });
    expect(wrong.status).toBe(422);
    const wrongBody = await body(wrong);
    expect(wrongBody.codeSent).toBe(true);
    expect(wrongBody.result.error?.code).toEqual([{ message: "authError.codeInvalid" }]);

    // An empty code field asks for a new code: at most once a minute.
    const tooSoon = await submit(user.cookie, { password, confirmPassword: password, code: "" });
    expect(tooSoon.status).toBe(429);
    const tooSoonBody = await body(tooSoon);
    expect(tooSoonBody.codeSent).toBe(true);
    expect(tooSoonBody.result.error?.[""]).toEqual([{ message: "authError.emailRateLimited" }]);
    expect((await hookEmails(user.email)).filter((m) => m.email_data.email_action_type === "reauthentication")).toHaveLength(1);

    const right = await submit(user.cookie, { password, confirmPassword: password, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` });
    expect(right.status).toBe(302);
    expect(right.headers.get("Location")).toBe("/account?updated=password");
    expect((await anonClient().auth.signInWithPassword({ email: user.email, password })).error).toBeNull();
  });

  it("a recent session changes the password without a code", async () => {
    const user = await confirmedUser();
    const cookie = (await signedInRequest(URL_, user)).headers.get("Cookie") ?? "";
    const password = newPassword();
    const res = await submit(cookie, { password, confirmPassword: password });
    expect(res.status).toBe(302);
    expect((await hookEmails(user.email)).filter((m) => m.email_data.email_action_type === "reauthentication")).toHaveLength(0);
  });
});
