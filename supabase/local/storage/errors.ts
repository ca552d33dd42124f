// Errors in Supabase Storage's shape. The body says the "real" status as a string
// (`statusCode: "404"`), while the HTTP status is 400 for every client error and 500 for server
// errors — a quirk of supabase/storage that storage-js and apps (`error.statusCode`) rely on.
// A few errors are sent with their own HTTP status (403 for a wrong role, 416, route 404).
import type { ServerResponse } from "node:http";
import { sendJson } from "../http.ts";

export class StorageError extends Error {
  constructor(
    /** The status the body reports (`statusCode`). */
    readonly status: number,
    /** Storage's error code (`code`), e.g. NoSuchKey. */
    readonly code: string,
    message: string,
    /** The legacy `error` field; Storage falls back to the code. */
    readonly error: string = code,
    /** The HTTP status actually sent; Storage sends 400 unless the error is a 500. */
    readonly httpStatus: number = status === 500 ? 500 : 400,
  ) {
    super(message);
    this.name = "StorageError";
  }
}

export const noSuchBucket = () => new StorageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found");
export const noSuchKey = () => new StorageError(404, "NoSuchKey", "Object not found", "not_found");
export const invalidKey = (key: string, reason = "") =>
  new StorageError(400, "InvalidKey", `Invalid key: ${key}${reason ? ` ${reason}` : ""}`);
export const invalidBucketName = () => new StorageError(400, "InvalidBucketName", "Bucket name invalid", "Invalid Input");
export const accessDenied = (message: string, httpStatus?: number) =>
  new StorageError(403, "AccessDenied", message || "Access denied", "Unauthorized", httpStatus);
export const rlsDenied = () => accessDenied("new row violates row-level security policy");
export const keyAlreadyExists = () => new StorageError(409, "KeyAlreadyExists", "The resource already exists", "Duplicate");
export const resourceAlreadyExists = () =>
  new StorageError(409, "ResourceAlreadyExists", "The resource already exists", "Duplicate");
export const bucketAlreadyExists = () =>
  new StorageError(409, "BucketAlreadyExists", "The resource already exists", "Duplicate");
export const bucketNotEmpty = () =>
  new StorageError(409, "ResourceNotEmpty", "The bucket you tried to delete is not empty");
export const entityTooLarge = (entity = "object") =>
  new StorageError(413, "EntityTooLarge", `The ${entity} exceeded the maximum allowed size`, "Payload too large");
export const invalidMimeType = (mimeType: string) =>
  new StorageError(415, "InvalidMimeType", `mime type ${mimeType} is not supported`, "invalid_mime_type");
export const invalidRequest = (message: string) => new StorageError(400, "InvalidRequest", message || "Invalid Request");
export const noContent = (message = "No content provided") => new StorageError(400, "InvalidRequest", message);
export const invalidJwt = (message: string) => new StorageError(400, "InvalidJWT", message || "Invalid JWT");
export const invalidSignature = (message = "Invalid signature") => new StorageError(400, "InvalidSignature", message);
export const expiredSignature = () => new StorageError(400, "ExpiredToken", "The provided token has expired.");
export const invalidRange = () => new StorageError(416, "InvalidRange", "invalid range provided", "invalid_range", 416);
/** Schema validation failures, as Fastify reports them inside Storage. */
export const validationError = (message: string) => new StorageError(400, "InvalidRequest", message, "FastifyError");
export const internalError = () => new StorageError(500, "InternalError", "Internal Server Error", "Internal");

/** Postgres errors as Storage's DBError.fromDBError maps them. */
export function fromDatabaseError(e: unknown): unknown {
  const pgError = e as { code?: string; message?: string; detail?: string };
  if (!pgError || typeof pgError.code !== "string" || e instanceof StorageError) return e;
  switch (pgError.code) {
    case "42501":
      return accessDenied(
        pgError.message?.includes("row-level security")
          ? "new row violates row-level security policy"
          : (pgError.message ?? "Access denied"),
      );
    case "23505":
      return resourceAlreadyExists();
    case "23503":
      return pgError.detail?.includes("is still referenced from table")
        ? new StorageError(409, "ResourceReferenced", "The resource could not be updated or removed due to a foreign key constraint")
        : new StorageError(404, "InvalidRequest", "The related resource does not exist");
    case "22P02":
      return new StorageError(400, "InvalidParameter", pgError.message || "Invalid value format or type conversion failed");
    // A JWT naming a role Postgres does not have: the caller's fault, not the server's.
    case "22023":
    case "42704":
      return accessDenied("Access denied: Invalid role");
    case "57014":
      return new StorageError(544, "DatabaseTimeout", "The connection to the database timed out", "DatabaseTimeout", 544);
    default:
      return e;
  }
}

export function sendStorageError(res: ServerResponse, e: unknown): void {
  const error = e instanceof StorageError ? e : internalError();
  if (!(e instanceof StorageError) || error.httpStatus >= 500) console.error("[storage]", e);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.httpStatus, {
    statusCode: String(error.status),
    error: error.error,
    message: error.message,
    code: error.code,
  });
}
