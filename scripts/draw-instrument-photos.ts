// Draws the demo instrument pictures the seed points at (public/images/instruments/<category>.png):
// one simple, flat drawing per top-level category, made here with Node alone (zlib for PNG's
// deflate, a CRC-32 table), so the project owns every pixel. `npx tsx scripts/draw-instrument-photos.ts`
// rewrites them; the output is deterministic and committed.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const W = 320;
const H = 240;
type RGB = [number, number, number];

class Canvas {
  readonly pixels = Buffer.alloc(W * H * 3);
  constructor(top: RGB, bottom: RGB) {
    for (let y = 0; y < H; y += 1) {
      const t = y / (H - 1);
      const c: RGB = [0, 1, 2].map((i) => Math.round(top[i] + (bottom[i] - top[i]) * t)) as RGB;
      for (let x = 0; x < W; x += 1) this.set(x, y, c);
    }
  }
  set(x: number, y: number, c: RGB): void {
    if (x < 0 || y < 0 || x >= W || y >= H) return;
    const i = (y * W + x) * 3;
    this.pixels[i] = c[0];
    this.pixels[i + 1] = c[1];
    this.pixels[i + 2] = c[2];
  }
  rect(x: number, y: number, w: number, h: number, c: RGB, radius = 0): this {
    for (let j = 0; j < h; j += 1) {
      for (let i = 0; i < w; i += 1) {
        const dx = Math.max(radius - i, i - (w - 1 - radius), 0);
        const dy = Math.max(radius - j, j - (h - 1 - radius), 0);
        if (dx * dx + dy * dy <= radius * radius) this.set(x + i, y + j, c);
      }
    }
    return this;
  }
  circle(cx: number, cy: number, r: number, c: RGB): this {
    for (let y = -r; y <= r; y += 1) for (let x = -r; x <= r; x += 1) if (x * x + y * y <= r * r) this.set(cx + x, cy + y, c);
    return this;
  }
  png(): Buffer {
    const raw = Buffer.alloc((W * 3 + 1) * H);
    for (let y = 0; y < H; y += 1) this.pixels.copy(raw, y * (W * 3 + 1) + 1, y * W * 3, (y + 1) * W * 3);
    const header = Buffer.alloc(13);
    header.writeUInt32BE(W, 0);
    header.writeUInt32BE(H, 4);
    header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", header),
      chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  }
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const GREY: RGB = [218, 224, 231];
const DARK: RGB = [52, 64, 84];
const SCREEN: RGB = [40, 120, 190];
const BENCH: RGB = [150, 160, 172];

const drawings: Record<string, () => Canvas> = {
  // an electron microscope: column on a console, with a monitor
  electron_optics: () =>
    new Canvas([232, 241, 251], [200, 220, 240])
      .rect(40, 190, 240, 16, BENCH, 3)
      .rect(70, 130, 110, 60, GREY, 6)
      .rect(108, 40, 34, 92, [188, 196, 206], 8)
      .rect(100, 30, 50, 16, DARK, 4)
      .rect(195, 110, 70, 50, DARK, 4)
      .rect(200, 115, 60, 40, SCREEN)
      .rect(224, 160, 12, 30, DARK),
  // an analytical instrument: a benchtop box with a display and sample tray
  analytical: () =>
    new Canvas([236, 246, 240], [205, 230, 215])
      .rect(30, 190, 260, 16, BENCH, 3)
      .rect(60, 80, 200, 110, GREY, 10)
      .rect(80, 100, 70, 40, SCREEN, 3)
      .rect(170, 100, 70, 12, DARK, 3)
      .rect(170, 120, 70, 12, DARK, 3)
      .circle(100, 165, 8, [46, 160, 90])
      .circle(125, 165, 8, [230, 170, 40]),
  // a universal testing machine: frame, crosshead and grips
  physical_testing: () =>
    new Canvas([246, 240, 232], [232, 218, 200])
      .rect(70, 200, 180, 18, DARK, 3)
      .rect(90, 40, 16, 160, [120, 130, 145])
      .rect(214, 40, 16, 160, [120, 130, 145])
      .rect(80, 30, 160, 18, DARK, 3)
      .rect(96, 110, 128, 14, [200, 90, 60], 3)
      .rect(150, 124, 20, 26, [90, 98, 110])
      .rect(156, 150, 8, 30, [240, 200, 80])
      .rect(150, 180, 20, 20, [90, 98, 110]),
  // a climate chamber: a cabinet with a window and control panel
  environmental_reliability: () =>
    new Canvas([234, 244, 248], [205, 226, 236])
      .rect(80, 30, 160, 185, GREY, 8)
      .rect(100, 60, 90, 110, [170, 180, 192], 6)
      .rect(112, 72, 66, 86, [120, 190, 230], 4)
      .rect(200, 60, 28, 40, DARK, 3)
      .circle(214, 125, 7, [230, 80, 60])
      .rect(196, 150, 10, 30, [150, 158, 168], 3),
  // a battery cycler: a rack of channels with cells
  electrochemistry_battery: () =>
    new Canvas([240, 246, 232], [216, 232, 200])
      .rect(40, 40, 150, 170, DARK, 6)
      .rect(52, 52, 126, 32, [80, 94, 116], 3)
      .rect(52, 92, 126, 32, [80, 94, 116], 3)
      .rect(52, 132, 126, 32, [80, 94, 116], 3)
      .rect(52, 172, 126, 28, [80, 94, 116], 3)
      .rect(210, 110, 28, 80, [60, 170, 90], 5)
      .rect(218, 102, 12, 10, DARK)
      .rect(250, 110, 28, 80, [60, 170, 90], 5)
      .rect(258, 102, 12, 10, DARK),
  // a coordinate measuring machine: granite table and gantry
  metrology_inspection: () =>
    new Canvas([243, 238, 248], [222, 212, 236])
      .rect(40, 170, 240, 30, [90, 90, 100], 4)
      .rect(60, 200, 20, 20, DARK)
      .rect(240, 200, 20, 20, DARK)
      .rect(70, 60, 16, 110, [200, 205, 215])
      .rect(234, 60, 16, 110, [200, 205, 215])
      .rect(62, 50, 196, 18, [200, 205, 215], 3)
      .rect(150, 68, 18, 60, DARK, 3)
      .circle(159, 134, 6, [230, 80, 60])
      .rect(120, 150, 70, 20, [180, 150, 110], 3),
};

const outDir = path.join(import.meta.dirname, "..", "public", "images", "instruments");
fs.mkdirSync(outDir, { recursive: true });
for (const [name, draw] of Object.entries(drawings)) {
  const file = path.join(outDir, `${name}.png`);
  fs.writeFileSync(file, draw().png());
  console.log(`${path.relative(process.cwd(), file)} ${fs.statSync(file).size} bytes`);
}
