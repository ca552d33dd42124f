// Instrument photos: what the bucket accepts, decided from the bytes (magic numbers), never from the
// file's name or the browser's content type. Shared by server and tests; no I/O.

export const PHOTO_BUCKET = "instrument-photos";
/** The bucket's file_size_limit (migration 20261204000000). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

export type PhotoType = { mime: "image/jpeg" | "image/png" | "image/webp"; extension: "jpg" | "png" | "webp" };

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
}

/** The image type of the bytes (JPEG, PNG or WebP), or null for anything else. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", extension: "jpg" };
  if (startsWith(bytes, PNG)) return { mime: "image/png", extension: "png" };
  // RIFF????WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) {
    return { mime: "image/webp", extension: "webp" };
  }
  return null;
}

/** The Storage key of a new photo: `<lab>/<instrument>/<random>.<ext>` (ASCII, as Storage wants). */
export function photoKey(labId: string, instrumentId: string, type: PhotoType, random: string): string {
  return `${labId}/${instrumentId}/${random}.${type.extension}`;
}

/** The URL a browser loads a photo from: the public bucket's object, or a picture hosted elsewhere. */
export function photoSrc(
  instrument: { photo_path?: string | null; photo_url?: string | null },
  supabaseUrl: string,
): string | null {
  if (instrument.photo_path) {
    const key = instrument.photo_path.split("/").map(encodeURIComponent).join("/");
    return `${supabaseUrl.replace(/\/$/, "")}/storage/v1/object/public/${PHOTO_BUCKET}/${key}`;
  }
  return instrument.photo_url ?? null;
}
