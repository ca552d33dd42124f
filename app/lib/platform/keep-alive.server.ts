// Connections to Supabase are kept open between requests. The server's fetch is Remix's polyfill
// (installGlobals in server/index.ts), which sends `Connection: close` unless it is given an agent:
// every PostgREST or auth call of every page opened (and the API then closed) a new TCP connection,
// ~5% of the server's CPU under load (bench/instrument-page.ts --cpu-prof) and a socket in
// TIME_WAIT per call. Node's own fetch (tests, scripts) pools connections itself and ignores `agent`.
import http from "node:http";
import https from "node:https";
import { fetchWithTimeout, upstreamTimeoutMs } from "~/lib/platform/upstream";

/**
 * An idle connection is dropped after 4 s: before the API would close it (the local stack's after
 * 5 s; hosted gateways keep them longer), so a request never goes out on a connection that is
 * being closed.
 */
const IDLE_MS = 4_000;
const agents = {
  http: new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  https: new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};

/** The agent for a URL (the polyfill calls it with the parsed URL). */
function agent(url: URL): http.Agent {
  return url.protocol === "http:" ? agents.http : agents.https;
}

/** The fetch the server's Supabase clients use: a deadline, and kept-alive connections. */
export function upstreamFetch(): typeof fetch {
  return fetchWithTimeout(upstreamTimeoutMs(), { agent });
}
