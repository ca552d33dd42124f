// JavaScript a browser downloads for a page of the built app (`npx remix build` first): reads
// public/build/manifest-*.js for the entry, root and route modules and their imports, follows the
// static imports inside those files, and prints raw and gzipped totals for /instruments and
// /instruments/$id — the latter with and without the FullCalendar chunk it loads lazily
// (dynamic `import()`). Every page counts the Chinese dictionary, which the browser loads before
// hydrating (the English one instead for English readers; both are printed). Prints figures,
// asserts nothing.
// Run: npx remix build && npx tsx bench/bundle-size.ts
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { ROOT_DIR } from "../supabase/local/config.ts";

interface ManifestEntry {
  module: string;
  imports?: string[];
}
interface Manifest {
  entry: ManifestEntry;
  routes: Record<string, ManifestEntry>;
}

const PUBLIC_DIR = path.join(ROOT_DIR, "public");
const buildDir = path.join(PUBLIC_DIR, "build");
const manifestFile = fs.readdirSync(buildDir).find((f) => /^manifest-.*\.js$/.test(f));
if (!manifestFile) throw new Error("No public/build/manifest-*.js: run `npx remix build` first.");
const manifestSource = fs.readFileSync(path.join(buildDir, manifestFile), "utf8");
const manifest = JSON.parse(manifestSource.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as Manifest;

const read = (url: string) => fs.readFileSync(path.join(PUBLIC_DIR, url), "utf8");
const staticImports = (source: string) =>
  [...source.matchAll(/(?:from|import)\s*"(\/build\/[^"]+\.js)"/g)].map((m) => m[1]);
const dynamicImports = (source: string) => [...source.matchAll(/import\(\s*"(\/build\/[^"]+\.js)"\s*\)/g)].map((m) => m[1]);

/** The files and everything they import statically, transitively. */
function closure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const url = queue.pop() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    queue.push(...staticImports(read(url)));
  }
  return seen;
}

function manifestFiles(routeIds: string[]): string[] {
  const entries = [manifest.entry, ...routeIds.map((id) => manifest.routes[id])];
  return entries.flatMap((e) => [e.module, ...(e.imports ?? [])]);
}

function sizes(files: Iterable<string>) {
  let raw = 0;
  let gzip = 0;
  for (const url of files) {
    const buf = fs.readFileSync(path.join(PUBLIC_DIR, url));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { raw, gzip };
}

const kb = (n: number) => `${(n / 1024).toFixed(1).padStart(6)} KiB`;
function report(label: string, files: Set<string>) {
  const { raw, gzip } = sizes(files);
  console.log(`  ${label.padEnd(46)} ${String(files.size).padStart(3)} files  raw ${kb(raw)}  gzip ${kb(gzip)}`);
}

// A browser loads one dictionary, the reader's, before hydrating (translate.ts): a page's initial
// JavaScript is its modules plus the Chinese one (the product's first language).
const isDictionary = (url: string) => /\/(en|zh-CN)-[A-Z0-9]+\.js$/.test(url);
const entryDynamic = [...closure(manifestFiles(["root"]))].flatMap((url) => dynamicImports(read(url)));
const zhDictionary = entryDynamic.find((url) => /\/zh-CN-[A-Z0-9]+\.js$/.test(url));
const enDictionary = entryDynamic.find((url) => /\/en-[A-Z0-9]+\.js$/.test(url));
if (!zhDictionary || !enDictionary) throw new Error("No dictionary chunks found: is translate.ts still loading them with import()?");
const pageFiles = (routeIds: string[]) => closure([...manifestFiles(routeIds), zhDictionary]);

console.log(`JavaScript per page (${manifestFile}, gzip level 9), each with the zh-CN messages:`);
const catalogue = pageFiles(["root", "routes/instruments._index"]);
report("/instruments", catalogue);
report(`  the zh-CN messages alone (${path.basename(zhDictionary)})`, closure([zhDictionary]));
report(`  the en messages alone (${path.basename(enDictionary)})`, closure([enDictionary]));

const instrument = pageFiles(["root", "routes/instruments.$id"]);
report("/instruments/$id, initial", instrument);
const lazy = [...instrument].flatMap((url) => dynamicImports(read(url))).filter((url) => !isDictionary(url));
const withCalendar = closure([...instrument, ...lazy]);
report("/instruments/$id, with the lazy calendar chunk", withCalendar);
const calendarOnly = new Set([...withCalendar].filter((url) => !instrument.has(url)));
report(`  lazy calendar only (${lazy.map((u) => path.basename(u)).join(", ")})`, calendarOnly);

const bookingForm = pageFiles(["root", "routes/instruments.$id_.book"]);
report("/instruments/$id/book (Conform form)", bookingForm);

// The lab workspace (issue 10): root, the /lab frame and each page; the calendar's FullCalendar
// chunk is loaded lazily, like the instrument page's.
for (const [label, id] of [
  ["/lab", "routes/lab._index"],
  ["/lab/requests", "routes/lab.requests"],
  ["/lab/calendar, initial", "routes/lab.calendar"],
  ["/lab/book", "routes/lab.book"],
  ["/lab/bookings", "routes/lab.bookings._index"],
  ["/lab/bookings/$id", "routes/lab.bookings.$id"],
] as const) {
  const files = pageFiles(["root", "routes/lab", id]);
  report(label, files);
  if (id === "routes/lab.calendar") {
    const chunks = [...files].flatMap((url) => dynamicImports(read(url))).filter((url) => !isDictionary(url));
    report("/lab/calendar, with the lazy calendar chunk", closure([...files, ...chunks]));
  }
}
