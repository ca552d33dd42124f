// Sessions and rotating refresh tokens (auth.sessions, auth.refresh_tokens, auth.mfa_amr_claims).
import { randomUUID } from "node:crypto";
import { type AuthError, badRequest } from "./http.ts";
import type { Jwt, AmrEntry } from "./jwt.ts";
import { generateRefreshToken } from "./crypto.ts";
import { type Db, type LoadedUser, reloadUser, userJson, findUserById, isBanned } from "./users.ts";

/** GOTRUE_SECURITY_REFRESH_TOKEN_REUSE_INTERVAL */
export const REFRESH_TOKEN_REUSE_INTERVAL_SECONDS = 10;

export interface TokenIssuer {
  jwt: Jwt;
  issuer: string;
}

export type SessionResponse = Record<string, unknown> & { access_token: string; refresh_token: string };

async function amrFor(db: Db, sessionId: string): Promise<AmrEntry[]> {
  const { rows } = await db.query<{ authentication_method: string; updated_at: Date }>(
    "select authentication_method, updated_at from auth.mfa_amr_claims where session_id = $1 order by updated_at desc",
    [sessionId],
  );
  return rows.map((r) => ({
    method: r.authentication_method,
    timestamp: Math.floor(r.updated_at.getTime() / 1000),
  }));
}

async function sessionResponse(
  db: Db,
  issuer: TokenIssuer,
  user: LoadedUser,
  sessionId: string,
  refreshToken: string,
): Promise<SessionResponse> {
  const u = user.row;
  const { token, exp, expiresIn } = await issuer.jwt.sign({
    issuer: issuer.issuer,
    userId: u.id,
    email: u.email ?? "",
    phone: u.phone ?? "",
    appMetadata: u.raw_app_meta_data ?? {},
    userMetadata: u.raw_user_meta_data ?? {},
    role: u.role || "authenticated",
    sessionId,
    amr: await amrFor(db, sessionId),
    isAnonymous: u.is_anonymous,
  });
  return {
    access_token: token,
    token_type: "bearer",
    expires_in: expiresIn,
    expires_at: exp,
    refresh_token: refreshToken,
    user: userJson(user),
  };
}

/**
 * Starts a session for a user who just authenticated with `method` ("password", "otp",
 * "magiclink", …): a sessions row, its AMR claim, a first refresh token, last_sign_in_at.
 */
export async function issueSession(
  db: Db,
  issuer: TokenIssuer,
  user: LoadedUser,
  method: string,
): Promise<SessionResponse> {
  const sessionId = randomUUID();
  await db.query(
    `insert into auth.sessions (id, user_id, created_at, updated_at, aal, refreshed_at)
     values ($1, $2, now(), now(), 'aal1', null)`,
    [sessionId, user.row.id],
  );
  await db.query(
    `insert into auth.mfa_amr_claims (session_id, created_at, updated_at, authentication_method, id)
     values ($1, now(), now(), $2, $3)`,
    [sessionId, method, randomUUID()],
  );
  const refreshToken = generateRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), null, $3)`,
    [refreshToken, user.row.id, sessionId],
  );
  await db.query("update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1", [user.row.id]);
  await db.query(
    "update auth.identities set last_sign_in_at = now() where user_id = $1 and provider = 'email'",
    [user.row.id],
  );
  return sessionResponse(db, issuer, await reloadUser(db, user), sessionId, refreshToken);
}

interface RefreshTokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  updated_at: Date;
  parent: string | null;
  session_id: string | null;
}

/**
 * grant_type=refresh_token: rotates the token. A revoked token presented again within the reuse
 * interval gets the session's current token back (concurrent refreshes); later, it is treated as
 * stolen and the whole token family of the session is revoked.
 */
export async function refreshSession(
  db: Db,
  issuer: TokenIssuer,
  refreshToken: string,
): Promise<SessionResponse | AuthError> {
  const notFound = badRequest("refresh_token_not_found", "Invalid Refresh Token: Refresh Token Not Found");
  const { rows } = await db.query<RefreshTokenRow>(
    "select * from auth.refresh_tokens where token = $1 for update",
    [refreshToken],
  );
  const token = rows[0];
  if (!token || !token.session_id) throw notFound;

  const { rows: sessions } = await db.query<{ id: string; not_after: Date | null }>(
    "select id, not_after from auth.sessions where id = $1 for update",
    [token.session_id],
  );
  const session = sessions[0];
  if (!session) throw notFound;
  if (session.not_after && session.not_after.getTime() < Date.now()) {
    throw badRequest("session_expired", "Invalid Refresh Token: Session Expired");
  }

  const user = await findUserById(db, token.user_id);
  if (!user) throw notFound;
  if (isBanned(user.row)) throw badRequest("user_banned", "Invalid Refresh Token: User Banned");

  if (token.revoked) {
    const { rows: active } = await db.query<RefreshTokenRow>(
      `select * from auth.refresh_tokens where session_id = $1 and revoked = false
        order by id desc limit 1`,
      [session.id],
    );
    const current = active[0];
    const withinReuse =
      token.updated_at.getTime() + REFRESH_TOKEN_REUSE_INTERVAL_SECONDS * 1000 > Date.now();
    if (withinReuse && current && current.parent === token.token) {
      await db.query("update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now() where id = $1", [session.id]);
      return sessionResponse(db, issuer, user, session.id, current.token);
    }
    await db.query(
      "update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and revoked = false",
      [session.id],
    );
    // Returned, not thrown, so that the revocation above is committed.
    return badRequest("refresh_token_already_used", "Invalid Refresh Token: Already Used");
  }

  await db.query("update auth.refresh_tokens set revoked = true, updated_at = now() where id = $1", [token.id]);
  const next = generateRefreshToken();
  await db.query(
    `insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
     values ('00000000-0000-0000-0000-000000000000', $1, $2, false, now(), now(), $3, $4)`,
    [next, user.row.id, token.token, session.id],
  );
  await db.query("update auth.sessions set refreshed_at = now() at time zone 'utc', updated_at = now() where id = $1", [session.id]);
  return sessionResponse(db, issuer, user, session.id, next);
}

export async function sessionExists(db: Db, sessionId: string): Promise<boolean> {
  const { rows } = await db.query("select 1 from auth.sessions where id = $1", [sessionId]);
  return rows.length > 0;
}
