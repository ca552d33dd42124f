// Who is calling, and transactions that run as them. Like Supabase Storage, every database
// step runs in a transaction that first sets the caller's role and JWT claims (role,
// request.jwt.claims, request.jwt.claim.sub, …), so the app's RLS policies on storage.objects
// and storage.buckets decide, and auth.uid() works inside them. Steps Storage runs "as super
// user" (finishing an upload, reading a public bucket) use the service role's claims.
import type { IncomingMessage } from "node:http";
import type pg from "pg";
import type { Jwt } from "../auth/jwt.ts";
import { accessDenied, fromDatabaseError } from "./errors.ts";

export interface Caller {
  /** The Postgres role: the JWT's `role` claim, `anon` without a valid JWT. */
  role: string;
  claims: Record<string, unknown>;
  jwt: string;
  /** The JWT's `sub`: recorded as the object's owner. */
  owner: string | undefined;
  /** A valid JWT was presented (the anon key counts, as it is a JWT). */
  isAuthenticated: boolean;
}

/** A pool (one statement, as postgres) or a client inside a scoped transaction. */
export type Db = Pick<pg.PoolClient, "query">;

const ANONYMOUS: Caller = { role: "anon", claims: { role: "anon" }, jwt: "", owner: undefined, isAuthenticated: false };

export function serviceCaller(serviceRoleKey: string): Caller {
  return { role: "service_role", claims: { role: "service_role" }, jwt: serviceRoleKey, owner: undefined, isAuthenticated: true };
}

/**
 * The caller named by `Authorization: Bearer <jwt>` (the gateway turns the apikey into one when
 * the request has none). `optional` routes treat a missing or bad token as anon, as Storage's
 * `allowInvalidJwt` routes do; the others refuse it with jose's message.
 */
export async function resolveCaller(jwt: Jwt, req: IncomingMessage, optional: boolean): Promise<Caller> {
  const token = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "").trim();
  if (!token && optional) return ANONYMOUS;
  try {
    const claims = await jwt.verifyClaims(token);
    const role = typeof claims.role === "string" && claims.role ? claims.role : "anon";
    return { role, claims, jwt: token, owner: typeof claims.sub === "string" ? claims.sub : undefined, isAuthenticated: true };
  } catch (e) {
    if (optional) return ANONYMOUS;
    throw accessDenied((e as Error).message);
  }
}

export interface Scope {
  caller: Caller;
  /** Storage's operation name, readable in policies through storage.operation(). */
  operation: string;
  req: IncomingMessage;
}

async function setScope(db: Db, scope: Scope): Promise<void> {
  const { caller, req } = scope;
  await db.query(
    `select set_config('role', $1, true), set_config('request.jwt.claim.role', $1, true),
            set_config('request.jwt', $2, true), set_config('request.jwt.claim.sub', $3, true),
            set_config('request.jwt.claims', $4, true), set_config('request.headers', $5, true),
            set_config('request.method', $6, true), set_config('request.path', $7, true),
            set_config('storage.operation', $8, true), set_config('storage.allow_delete_query', 'true', true)`,
    [
      caller.role,
      caller.jwt,
      caller.owner ?? "",
      JSON.stringify(caller.claims),
      JSON.stringify(req.headers),
      req.method ?? "",
      req.url ?? "",
      scope.operation,
    ],
  );
}

/** Runs `fn` in a transaction as the scope's caller; Postgres errors become Storage errors. */
export async function inScope<T>(pool: pg.Pool, scope: Scope, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query("begin");
    await setScope(db, scope);
    const result = await fn(db);
    await db.query("commit");
    return result;
  } catch (e) {
    await db.query("rollback").catch(() => undefined);
    throw fromDatabaseError(e);
  } finally {
    db.release();
  }
}

/**
 * Storage's testPermission: does the caller's write pass RLS (and constraints)? The statement
 * runs as the caller and is always rolled back; the real write happens later.
 */
export async function testPermission(pool: pg.Pool, scope: Scope, fn: (db: Db) => Promise<unknown>): Promise<void> {
  const db = await pool.connect();
  try {
    await db.query("begin");
    await setScope(db, scope);
    await fn(db);
  } catch (e) {
    throw fromDatabaseError(e);
  } finally {
    await db.query("rollback").catch(() => undefined);
    db.release();
  }
}
