// Equal answers for unknown accounts: routes that do real work for a known address (an e-mail,
// rows written) and nothing for an unknown one would tell them apart by time and by the
// per-address frequency limit. For unknown addresses these helpers wait about as long as the
// known path has been taking, and apply the same frequency limit to a remembered timestamp.
import { setTimeout as sleep } from "node:timers/promises";

export class KnownPathTiming {
  private average = 0;

  /** Remembers how long a known-address request took (a moving average). */
  observe(ms: number): void {
    this.average = this.average === 0 ? ms : this.average * 0.8 + ms * 0.2;
  }

  /** Waits until an unknown-address request has taken about as long as known ones do. */
  async pad(startedAt: number): Promise<void> {
    const remaining = this.average * (0.9 + Math.random() * 0.2) - (Date.now() - startedAt);
    if (remaining > 0) await sleep(remaining);
  }
}

/** Last "send" per unknown address and kind, so the frequency limit answers as for a real one. */
export class PhantomSends {
  private readonly sentAt = new Map<string, Date>();

  last(kind: string, email: string): Date | null {
    return this.sentAt.get(`${kind}:${email}`) ?? null;
  }

  mark(kind: string, email: string): void {
    if (this.sentAt.size > 50_000) this.sentAt.clear();
    this.sentAt.set(`${kind}:${email}`, new Date());
  }
}
