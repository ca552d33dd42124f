// Object keys and bucket names as Supabase Storage accepts them, and their place on disk.
//
// Storage allows only S3-safe characters in keys: letters, digits, space and a few symbols.
// Non-ASCII names (Chinese, accented letters) are refused with InvalidKey on hosted Supabase
// (supabase/supabase#34595), so they are refused here too: an app must not learn otherwise
// locally. Apps keep the human name elsewhere (a table column or the object's user metadata).
import path from "node:path";
import { invalidBucketName, invalidKey } from "./errors.ts";

const VALID_OBJECT_KEY = /^[A-Za-z0-9_/!.*'() &$=@;:+,?-]*$/;
const VALID_BUCKET_NAME = /^[A-Za-z0-9_!.*'() &$=@;:+,?-]*$/;

/** The file the dashboard and storage-js write to make an empty "folder" visible. */
export const EMPTY_FOLDER_PLACEHOLDER = ".emptyFolderPlaceholder";

export function isEmptyFolder(name: string): boolean {
  return name.endsWith(EMPTY_FOLDER_PLACEHOLDER);
}

export function mustBeValidKey(key: string | undefined): asserts key is string {
  if (!key || !VALID_OBJECT_KEY.test(key)) throw invalidKey(key ?? "");
}

export function mustBeValidBucketName(name: string | undefined): asserts name is string {
  if (!name || name.length > 100 || !VALID_BUCKET_NAME.test(name) || name.trim() !== name) {
    throw invalidBucketName();
  }
}

/**
 * `<root>/<bucket>/<key>/<version>`, the layout of Storage's file backend: every upload gets a
 * new version, so replacing an object never touches the file a reader may be streaming. The
 * bucket id and key come from users (an app may even insert a bucket named ".."), so `.`/`..`
 * segments are refused and the result must stay under the root.
 */
export function objectFilePath(root: string, bucket: string, key: string, version: string): string {
  const relative = `${bucket}/${key}/${version}`;
  if (relative.includes("\0")) throw invalidKey(key, "contains null byte");
  const segments = relative.split(/[\\/]+/).filter(Boolean);
  if (segments.some((s) => s === "." || s === "..")) throw invalidKey(key, "contains dot path segment");
  const base = path.resolve(root);
  const resolved = path.resolve(base, ...segments);
  if (!resolved.startsWith(base + path.sep)) throw invalidKey(key, "resolves outside storage directory");
  return resolved;
}

export function bucketDirPath(root: string, bucket: string): string {
  if (bucket.includes("\0") || bucket.includes("/") || bucket.includes("\\") || bucket === "." || bucket === "..") {
    throw invalidBucketName();
  }
  return path.join(path.resolve(root), bucket);
}
