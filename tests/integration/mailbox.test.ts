// The local mailbox speaks Resend's API: the real `resend` SDK sends through it.
import { Resend } from "resend";
import { beforeEach, describe, expect, it } from "vitest";
import { TEST_STACK } from "../support/test-env.ts";
import { uniqueEmail } from "../support/supabase.ts";

const resend = new Resend("re_test", { baseUrl: TEST_STACK.mailUrl });
const from = "常州仪器共享 <noreply@example.test>";

async function stored(to: string) {
  const res = await fetch(`${TEST_STACK.mailUrl}/api/messages?to=${encodeURIComponent(to)}`);
  return (await res.json()) as { id: string; subject: string; attachments: { filename: string; content: string }[] }[];
}

describe("mailbox (Resend-compatible)", () => {
  beforeEach(async () => {
    await fetch(`${TEST_STACK.mailUrl}/api/faults`, { method: "POST", body: JSON.stringify({ status: 500, count: 0 }) });
  });

  it("stores an e-mail sent with the resend SDK, with its attachment", async () => {
    const to = uniqueEmail("mail");
    const ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    const { data, error } = await resend.emails.send({
      from,
      to,
      subject: "预约已确认",
      html: "<p>你好</p>",
      text: "你好",
      attachments: [{ filename: "booking.ics", content: Buffer.from(ics).toString("base64") }],
    });
    expect(error).toBeNull();
    const messages = await stored(to);
    expect(messages).toHaveLength(1);
    expect(messages[0].id).toBe(data?.id);
    expect(messages[0].subject).toBe("预约已确认");
    expect(Buffer.from(messages[0].attachments[0].content, "base64").toString()).toBe(ics);
    const page = await fetch(`${TEST_STACK.mailUrl}/messages/${data?.id}`);
    expect(await page.text()).toContain("booking.ics");
  });

  it("sends once per idempotency key and refuses the key with another payload", async () => {
    const to = uniqueEmail("idem");
    const key = `test/${to}`;
    const first = await resend.emails.send({ from, to, subject: "one", text: "1" }, { idempotencyKey: key });
    const again = await resend.emails.send({ from, to, subject: "one", text: "1" }, { idempotencyKey: key });
    expect(again.data?.id).toBe(first.data?.id);
    const other = await resend.emails.send({ from, to, subject: "two", text: "2" }, { idempotencyKey: key });
    expect(other.error?.name).toBe("invalid_idempotent_request");
    expect(await stored(to)).toHaveLength(1);
  });

  it("accepts batches", async () => {
    const to = uniqueEmail("batch");
    const { data, error } = await resend.batch.send([
      { from, to, subject: "a", text: "a" },
      { from, to, subject: "b", text: "b" },
    ]);
    expect(error).toBeNull();
    expect(data?.data).toHaveLength(2);
    expect(await stored(to)).toHaveLength(2);
  });

  it("rejects invalid e-mails with Resend's validation errors and stores nothing", async () => {
    const to = uniqueEmail("bad");
    const noSubject = await resend.emails.send({ from, to, subject: "", text: "x" });
    expect(noSubject.error?.name).toBe("missing_required_field");
    const badFrom = await resend.emails.send({ from: "nobody", to, subject: "x", text: "x" });
    expect(badFrom.error?.name).toBe("validation_error");
    const res = await fetch(`${TEST_STACK.mailUrl}/emails`, {
      method: "POST",
      headers: { authorization: "Bearer re_test", "content-type": "application/json" },
      body: "{not json",
    });
    expect(res.status).toBe(400);
    const noKey = await fetch(`${TEST_STACK.mailUrl}/emails`, { method: "POST", body: "{}" });
    expect(noKey.status).toBe(401);
    expect(await stored(to)).toHaveLength(0);
  });

  it("fails the next sends on demand (429 and 500) for retry tests", async () => {
    const to = uniqueEmail("fault");
    await fetch(`${TEST_STACK.mailUrl}/api/faults`, { method: "POST", body: JSON.stringify({ status: 429, count: 1 }) });
    const limited = await resend.emails.send({ from, to, subject: "x", text: "x" });
    expect(limited.error?.name).toBe("rate_limit_exceeded");
    await fetch(`${TEST_STACK.mailUrl}/api/faults`, { method: "POST", body: JSON.stringify({ status: 500, count: 1 }) });
    const failed = await resend.emails.send({ from, to, subject: "x", text: "x" });
    expect(failed.error).not.toBeNull();
    const ok = await resend.emails.send({ from, to, subject: "x", text: "x" });
    expect(ok.error).toBeNull();
    expect(await stored(to)).toHaveLength(1);
  });
});
