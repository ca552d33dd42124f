// Signed URLs: a JWT (the stack's secret) naming one object and what it allows. Making one
// runs the caller's policies (select to download, insert/upsert to upload); using one needs no
// key, which is why the gateway leaves /object/sign and /object/upload/sign open.
import { sendJson } from "../http.ts";
import { type RequestContext, caller, readJson, scopeOf, stringArray } from "./context.ts";
import { inScope } from "./db.ts";
import { StorageError, invalidJwt, invalidSignature, validationError } from "./errors.ts";
import { mustBeValidKey } from "./keys.ts";
import { canUpload, findObject } from "./rows.ts";

type SignedScope = "download" | "upload";

export interface SignedToken {
  url: string;
  scope?: SignedScope;
  owner?: string;
  upsert?: boolean;
  exp?: number;
}

/** Storage's limit on expiresIn is the JWT numeric-date range; a century is plenty here. */
const MAX_EXPIRES_IN = 100 * 365 * 24 * 3600;

function expiresIn(body: Record<string, unknown>): number {
  const value = body.expiresIn;
  if (value === undefined) throw validationError("body must have required property 'expiresIn'");
  if (typeof value !== "number" || !Number.isFinite(value) || value < 1 || value > MAX_EXPIRES_IN) {
    throw new StorageError(400, "InvalidParameter", "Invalid Parameter expiresIn");
  }
  return Math.floor(value);
}

export async function verifySignedToken(
  ctx: RequestContext,
  scope: SignedScope,
  bucket: string,
  key: string,
): Promise<SignedToken> {
  const token = ctx.url.searchParams.get("token");
  if (!token) throw validationError("querystring must have required property 'token'");
  let payload: SignedToken;
  try {
    payload = (await ctx.services.jwt.verifyClaims(token)) as unknown as SignedToken;
  } catch (e) {
    throw invalidJwt((e as Error).message);
  }
  // Tokens from before scopes existed: upload tokens are the ones that carry `upsert`.
  const tokenScope = payload.scope ?? ("upsert" in payload ? "upload" : "download");
  if (tokenScope !== scope) throw invalidSignature(`Token is not scoped for ${scope}`);
  if (payload.url !== `${bucket}/${key}`) throw invalidSignature();
  return payload;
}

/** POST /object/sign/:bucket/* {expiresIn} → {signedURL} (path relative to /storage/v1). */
export async function signObjectUrl(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  const seconds = expiresIn(body);
  const [bucket, key] = ctx.params as [string, string];
  mustBeValidKey(key);
  await inScope(ctx.services.pool, scopeOf(ctx, who), (db) => findObject(db, bucket, key));
  const url = `${bucket}/${key}`;
  const token = await ctx.services.jwt.signClaims({ url, scope: "download" }, seconds);
  sendJson(ctx.res, 200, { signedURL: `/object/sign/${url}?token=${token}` });
}

/** POST /object/sign/:bucket {expiresIn, paths} → one entry per path, an error for the unseen. */
export async function signObjectUrls(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const body = await readJson(ctx.req);
  const seconds = expiresIn(body);
  const paths = stringArray(body, "paths", true)!;
  if (paths.length === 0) throw validationError("body/paths must NOT have fewer than 1 items");
  const [bucket] = ctx.params as [string];
  const visible = await inScope(ctx.services.pool, scopeOf(ctx, who), async (db) => {
    const { rows } = await db.query<{ name: string }>(
      "select name from storage.objects where bucket_id = $1 and name = any($2::text[])",
      [bucket, paths],
    );
    return new Set(rows.map((r) => r.name));
  });
  const result = await Promise.all(
    paths.map(async (path) => {
      if (!visible.has(path)) {
        return { error: "Either the object does not exist or you do not have access to it", path, signedURL: null };
      }
      const url = `${bucket}/${path}`;
      const token = await ctx.services.jwt.signClaims({ url, scope: "download" }, seconds);
      return { error: null, path, signedURL: `/object/sign/${url}?token=${token}` };
    }),
  );
  sendJson(ctx.res, 200, result);
}

/** POST /object/upload/sign/:bucket/* → {url, token}, after the same RLS test as an upload. */
export async function signUploadUrl(ctx: RequestContext): Promise<void> {
  const who = await caller(ctx);
  const [bucket, key] = ctx.params as [string, string];
  mustBeValidKey(key);
  const upsert = ctx.req.headers["x-upsert"] === "true";
  const length = Number(ctx.req.headers["content-length"]);
  const probe = {
    bucket,
    name: key,
    owner: who.owner,
    version: "1",
    metadata: {
      mimetype: ctx.req.headers["content-type"],
      contentLength: Number.isFinite(length) ? length : undefined,
    },
    userMetadata: undefined,
  };
  await canUpload(ctx.services.pool, scopeOf(ctx, who), probe, upsert);
  const url = `${bucket}/${key}`;
  const token = await ctx.services.jwt.signClaims(
    { owner: who.owner, url, upsert, scope: "upload" },
    ctx.services.signedUploadUrlExpiresIn,
  );
  sendJson(ctx.res, 200, { url: `/object/upload/sign/${url}?token=${token}`, token });
}
