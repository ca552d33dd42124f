// When Supabase (PostgREST, Auth, Storage) is slow or down, pages answer quickly with a translated
// "service busy" page (503 with Retry-After) instead of hanging for the whole stall or showing a
// generic 500 — and a signed-in user is not mistaken for a signed-out one and sent to /login.

/** How long one request to Supabase may take before it counts as unavailable. */
export function upstreamTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.SUPABASE_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : 5_000;
}

/**
 * The fetch supabase-js uses: the caller's signal, and a deadline. `extra` is added to every
 * request's options (the server's keep-alive agent: app/lib/platform/keep-alive.server.ts).
 */
export function fetchWithTimeout(timeoutMs: number, extra: Record<string, unknown> = {}): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, ...extra, signal });
  };
}

export const RETRY_AFTER_SECONDS = 10;

/** The 503 a loader or action throws while Supabase is unavailable; the error page says "busy". */
export function serviceBusy(headers?: Headers): Response {
  const out = new Headers(headers);
  out.set("Retry-After", String(RETRY_AFTER_SECONDS));
  return new Response("Service busy", { status: 503, headers: out });
}

/** PostgREST's codes for "cannot reach or use the database right now". */
const UNAVAILABLE_CODES = new Set(["PGRST000", "PGRST001", "PGRST002", "PGRST003", "57014", "57P01", "57P03", "53300"]);

/**
 * Whether a supabase-js error means the service is unavailable (no answer, a timeout, a gateway
 * error, a statement timeout, no connection to the database) rather than that the request was wrong.
 */
export function isUnavailable(error: { message?: string; code?: string; name?: string; status?: number } | null | undefined): boolean {
  if (!error) return false;
  if (error.code && UNAVAILABLE_CODES.has(error.code)) return true;
  if (typeof error.status === "number" && (error.status === 0 || error.status === 502 || error.status === 503 || error.status === 504)) return true;
  if (error.name === "AuthRetryableFetchError") return true;
  return /^(FetchError|TypeError|AbortError|TimeoutError)\b|fetch failed/.test(error.message ?? "");
}

/**
 * Throws for a failed Supabase call: the 503 Response when the service is unavailable, else an
 * Error naming what could not be done (a 500: a bug or an unexpected refusal, logged).
 */
export function failure(what: string, error: { message: string; code?: string; name?: string; status?: number }): never {
  if (isUnavailable(error)) throw serviceBusy();
  throw new Error(`${what}: ${error.message}`);
}
