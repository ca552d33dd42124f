// The reauthentication e-mail end to end: supabase.auth.reauthenticate() → the auth server's
// signed Send Email Hook call → the app's /hooks/send-email route → the rendered mail in the local
// mailbox; the code read from that mail is the nonce updateUser({ password, nonce }) accepts.
// A side stack with secure_password_change on sends its hook calls to the app's route here
// (the shared stack's hook goes to the test receiver, which renders nothing).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestStackEnv } from "../../support/app-env.ts";
import { waitForMail, type StoredMessage } from "../../support/mailbox.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, confirmedUser, decodeJwt, newPassword, sql } from "./helpers.ts";
import { startSideStack, type SideStack } from "./side-stack.ts";

let appHook: http.Server;
let side: SideStack;

beforeAll(async () => {
  useTestStackEnv();
  const { action } = await import("~/routes/hooks.send-email");
  // The app's hook route behind a plain HTTP server, as Express serves it.
  appHook = http.createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const request = new Request(`http://localhost:3000${req.url}`, {
        method: req.method,
        headers,
        body: Buffer.concat(chunks),
      });
      const response = await action({ request, params: {}, context: {} });
      res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
      res.end(await response.text());
    })();
  });
  await new Promise<void>((resolve) => appHook.listen(0, "127.0.0.1", resolve));
  side = await startSideStack({
    STACK_AUTH_SECURE_PASSWORD_CHANGE: "true",
    STACK_SEND_EMAIL_HOOK_URL: `http://127.0.0.1:${(appHook.address() as AddressInfo).port}/hooks/send-email`,
    STACK_SEND_EMAIL_HOOK_SECRET: TEST_STACK.hookSecret,
  });
});

afterAll(async () => {
  await side?.close();
  appHook?.closeAllConnections();
  await new Promise((resolve) => appHook?.close(resolve));
});

/** A confirmed user signed in on the side stack with a session older than a day (a nonce is needed). */
async function oldSession() {
  const user = await confirmedUser();
  const client = anonClient(side);
  const signIn = await client.auth.signInWithPassword({ email: user.email, password: user.password });
  expect(signIn.error).toBeNull();
  const sessionId = decodeJwt(signIn.data.session!.access_token).session_id;
  await sql("update auth.sessions set created_at = now() - interval '25 hours' where id = $1", [sessionId]);
  return { ...user, client };
}

/** The 6-digit code as the mail shows it, in the HTML and in the plain text. */
function codeIn(mail: StoredMessage): string {
  const inText = (mail.text ?? "").match(/^\s*(\d{6})\s*$/m)?.[1];
  const inHtml = (mail.html ?? "").match(/>(\d{6})</)?.[1];
  expect(inText).toBeDefined();
  expect(inHtml).toBe(inText);
  return inText!;
}

describe("reauthentication e-mail", () => {
  it("mails the code in Chinese by default; the code from the mail changes the password, a wrong one does not", async () => {
    const user = await oldSession();
    const without = await user.client.auth.updateUser({ password: newPassword() });
    expect(without.error).toMatchObject({ status: 400, code: "reauthentication_needed" });

    expect((await user.client.auth.reauthenticate()).error).toBeNull();
    const mail = await waitForMail(TEST_STACK.mailUrl, user.email, (m) => m.subject === "您的安全验证码");
    expect(mail.html).toContain('lang="zh-CN"');
    expect(mail.text).toContain("确认是您本人操作");
    expect(mail.text).toContain("1 小时内有效");
    // Code only: nothing to click.
    expect(mail.html).not.toMatch(/<a\b/);
    expect(mail.text).not.toContain("/auth/confirm");
    const code = codeIn(mail);

    const wrong = await user.client.auth.updateUser({ password: newPassword(), nonce: code === "000000" ? "111111" : "000000" });
    expect(wrong.error).toMatchObject({ status: 422, code: "reauthentication_not_valid" });
    const password = newPassword();
    expect((await user.client.auth.updateUser({ password, nonce: code })).error).toBeNull();
    expect((await anonClient().auth.signInWithPassword({ email: user.email, password })).error).toBeNull();
  });

  it("mails an English profile in English", async () => {
    const user = await oldSession();
    await sql("update public.profiles set locale = 'en' where id = $1", [user.id]);
    expect((await user.client.auth.reauthenticate()).error).toBeNull();
    const mail = await waitForMail(TEST_STACK.mailUrl, user.email, (m) => m.subject === "Your security code");
    expect(mail.html).toContain('lang="en"');
    expect(mail.text).toContain("valid for one hour");
    const code = codeIn(mail);
    const password = newPassword();
    expect((await user.client.auth.updateUser({ password, nonce: code })).error).toBeNull();
  });
});
