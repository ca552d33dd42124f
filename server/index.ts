// The app's HTTP server (`npm start`; also what `npm run dev` and the browser tests run): Express
// in front of Remix, as remix-serve does, plus the guards every response needs (server/guards.ts):
// security headers with a CSP nonce handed to Remix, body limits, same-origin writes, proxy trust
// only when configured, and request timeouts.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { broadcastDevReady, installGlobals, type ServerBuild } from "@remix-run/node";
import express from "express";
import morgan from "morgan";
import { responseCompression } from "./compression.ts";
import { bodyLimit, sameOriginWrites, securityHeaders } from "./guards.ts";
import { publicFiles } from "./static.ts";

process.env.NODE_ENV ??= "production";
const development = process.env.NODE_ENV === "development";
const root = path.resolve(import.meta.dirname, "..");
// `npm run dev` builds into its own folders (remix.config.js, REMIX_BUILD=dev).
const buildPath = path.join(root, process.env.REMIX_BUILD === "dev" ? ".cache/dev-build/index.js" : "build/index.js");
const versionPath = path.join(path.dirname(buildPath), "version.txt");

async function importBuild(): Promise<ServerBuild> {
  const stat = fs.statSync(buildPath);
  return (await import(`${pathToFileURL(buildPath).href}?t=${stat.mtimeMs}`)) as ServerBuild;
}

let build = await importBuild();
installGlobals({ nativeFetch: build.future.v3_singleFetch });

/**
 * X-Forwarded-Proto/-For are trusted only when TRUST_PROXY says so ("true", a hop count, or
 * addresses), so that `request.url` is https behind a TLS proxy and cookies get `Secure`.
 */
function trustProxy(value: string | undefined): boolean | number | string {
  if (!value || value === "false") return false;
  if (value === "true") return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

const appUrl = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
const supabaseOrigin = process.env.SUPABASE_URL ? new URL(process.env.SUPABASE_URL).origin : null;
const guardOptions = { appUrl, imageOrigins: supabaseOrigin ? [supabaseOrigin] : [], development };

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", trustProxy(process.env.TRUST_PROXY));
app.use(securityHeaders(guardOptions));
app.use(responseCompression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
app.use(publicFiles(root));
app.use(morgan("tiny"));
// The visitor's address for the app's auth throttle (app/lib/auth/throttle.server.ts): Express's
// req.ip, which follows X-Forwarded-For only with TRUST_PROXY; a client's own value is replaced.
app.use((req, _res, next) => {
  req.headers["x-client-address"] = req.ip ?? req.socket.remoteAddress ?? "";
  next();
});
app.use(bodyLimit());
app.use(sameOriginWrites(guardOptions));

function remixHandler(current: ServerBuild) {
  return createRequestHandler({
    build: current,
    mode: process.env.NODE_ENV,
    // The nonce the CSP allows, for the inline scripts Remix renders (app/entry.server.tsx).
    getLoadContext: (_req, res) => ({ cspNonce: String(res.locals.cspNonce ?? "") }),
  });
}

if (development) {
  // Re-import the build when `remix dev` rebuilds it, then tell it this server is ready.
  let lastVersion = fs.existsSync(versionPath) ? fs.statSync(versionPath).mtimeMs : 0;
  app.all("*", async (req, res, next) => {
    try {
      const version = fs.existsSync(versionPath) ? fs.statSync(versionPath).mtimeMs : 0;
      if (version !== lastVersion) {
        lastVersion = version;
        build = await importBuild();
      }
      return remixHandler(build)(req, res, next);
    } catch (error) {
      next(error);
    }
  });
  fs.watchFile(versionPath, { interval: 300 }, async () => {
    build = await importBuild();
    lastVersion = fs.statSync(versionPath).mtimeMs;
    void broadcastDevReady(build);
  });
} else {
  app.all("*", remixHandler(build));
}

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, process.env.HOST ?? "0.0.0.0", () => {
  console.log(`[server] ${appUrl} (port ${port}, ${process.env.NODE_ENV ?? "production"})`);
  if (development) void broadcastDevReady(build);
});
// A slow client cannot hold a connection for ever.
server.requestTimeout = 30_000;
server.headersTimeout = 20_000;

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
