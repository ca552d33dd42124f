// Draws public/favicon.ico from public/favicon.svg, so browsers and bots that ask for
// /favicon.ico (whatever the page links) get the same mark instead of a 404. Chromium (the one
// the browser tests use; CHROMIUM_PATH overrides) renders the SVG at 16 and 32 pixels with a
// transparent background; the PNGs are packed into an ICO container (PNG entries, as Windows
// Vista and every current browser read them). No new dependency: Playwright is already here.
// `npx tsx scripts/draw-favicon.ts` rewrites the file; commit the result.
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const svg = fs.readFileSync(path.join(root, "public/favicon.svg"), "utf8");
const SIZES = [16, 32] as const;

/** An ICO file holding each PNG as one image (ICONDIR, ICONDIRENTRY per image, then the data). */
function packIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // width
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1); // height
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((image) => image.png)]);
}

async function main(): Promise<void> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" });
  try {
    const images: { size: number; png: Buffer }[] = [];
    for (const size of SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      const sized = svg.replace("<svg ", `<svg width="${size}" height="${size}" `);
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
      const png = await page.locator("svg").screenshot({ omitBackground: true, type: "png" });
      images.push({ size, png });
      await page.close();
    }
    const out = path.join(root, "public/favicon.ico");
    fs.writeFileSync(out, packIco(images));
    console.log(`wrote ${path.relative(root, out)} (${SIZES.join(", ")} px, ${fs.statSync(out).size} bytes)`);
  } finally {
    await browser.close();
  }
}

await main();
