// Reads the local mailbox's JSON API (supabase/local/mailbox.ts) from tests.
import type { StoredMessage } from "../../supabase/local/mailbox.ts";

export type { StoredMessage };

/** Waits until a message to `to` matching `match` is in the mailbox; newest first. */
export async function waitForMail(
  mailUrl: string,
  to: string,
  match: (message: StoredMessage) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<StoredMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${mailUrl}/api/messages?to=${encodeURIComponent(to)}`);
    const messages = (await res.json()) as StoredMessage[];
    const found = messages.find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no matching e-mail to ${to} within ${timeoutMs} ms (have: ${messages.map((m) => m.subject).join(" | ") || "none"})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function mailCount(mailUrl: string, to: string): Promise<number> {
  const res = await fetch(`${mailUrl}/api/messages?to=${encodeURIComponent(to)}`);
  return ((await res.json()) as StoredMessage[]).length;
}

/** The first link in an e-mail's HTML whose URL contains `fragment`. */
export function linkIn(message: StoredMessage, fragment: string): string {
  const hrefs = [...(message.html ?? "").matchAll(/href="([^"]+)"/g)].map((m) =>
    m[1].replaceAll("&amp;", "&"),
  );
  const link = hrefs.find((href) => href.includes(fragment));
  if (!link) throw new Error(`no link containing ${fragment} in "${message.subject}"`);
  return link;
}
