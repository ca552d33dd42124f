// GET /verify (e-mail links) and POST /verify (token_hash or e-mail + OTP).
import { type RequestContext, validateEmail, withTx } from "../context.ts";
import { PKCE_PREFIX, generatePassword, generateTokenHash } from "../crypto.ts";
import { AuthError, badRequest, forbidden, optString, readJsonBody, redirect, sendJson } from "../http.ts";
import { clearOneTimeToken, flowAuthMethod, resolveRedirect } from "../mail.ts";
import { issueSession } from "../sessions.ts";
import {
  type Db,
  type LoadedUser,
  type UserRow,
  audit,
  confirmUser,
  findUserByEmail,
  isBanned,
  reloadUser,
  setPassword,
} from "../users.ts";

/** GOTRUE_MAILER_OTP_EXP */
const OTP_EXPIRY_SECONDS = 3600;
const VERIFY_TYPES = new Set(["signup", "invite", "magiclink", "recovery", "email_change", "email"]);
const SINGLE_CONFIRMATION_ACCEPTED =
  "Confirmation link accepted. Please proceed to confirm link sent to the other email";

/** What a matched token confirms: the action depends on which column it was found in. */
type Action = "confirm" | "recover" | "email_change";

interface Match {
  user: LoadedUser;
  action: Action;
  /** The stored token that matched (with its pkce_ prefix, if any). */
  stored: string;
}

const expired = (sentAt: Date | null) => !sentAt || sentAt.getTime() + OTP_EXPIRY_SECONDS * 1000 < Date.now();
const linkInvalid = () => forbidden("otp_expired", "Email link is invalid or has expired");
const otpInvalid = () => forbidden("otp_expired", "Token has expired or is invalid");

function candidates(type: string, row: UserRow): { action: Action; stored: string | null; sentAt: Date | null }[] {
  const confirm = { action: "confirm" as const, stored: row.confirmation_token, sentAt: row.confirmation_sent_at };
  const recover = { action: "recover" as const, stored: row.recovery_token, sentAt: row.recovery_sent_at };
  const change = [
    { action: "email_change" as const, stored: row.email_change_token_current, sentAt: row.email_change_sent_at },
    { action: "email_change" as const, stored: row.email_change_token_new, sentAt: row.email_change_sent_at },
  ];
  switch (type) {
    case "signup":
    case "invite":
      return [confirm];
    case "magiclink":
    case "recovery":
      return [recover];
    case "email":
      return [confirm, recover];
    case "email_change":
      return change;
    default:
      return [];
  }
}

/** Finds the user whose stored token hash equals `tokenHash` (links and verifyOtp({token_hash})). */
async function matchTokenHash(db: Db, type: string, tokenHash: string): Promise<Match> {
  if (tokenHash === "") throw linkInvalid();
  const { rows } = await db.query<UserRow>(
    `select * from auth.users
      where confirmation_token = $1 or recovery_token = $1
         or email_change_token_current = $1 or email_change_token_new = $1
      for update`,
    [tokenHash],
  );
  for (const row of rows) {
    for (const c of candidates(type, row)) {
      if (c.stored && c.stored === tokenHash) {
        if (expired(c.sentAt)) throw linkInvalid();
        return { user: await reloadUser(db, row.id), action: c.action, stored: c.stored };
      }
    }
  }
  throw linkInvalid();
}

/** Finds the user by e-mail and checks the 6-digit OTP against the stored hash. */
async function matchEmailOtp(db: Db, type: string, email: string, otp: string): Promise<Match> {
  const hash = generateTokenHash(email, otp);
  const same = (stored: string | null) => !!stored && (stored === hash || stored === PKCE_PREFIX + hash);
  if (type === "email_change") {
    const { rows } = await db.query<UserRow>(
      `select * from auth.users
        where (lower(email) = $1 and email_change_token_current in ($2, $3))
           or (lower(email_change) = $1 and email_change_token_new in ($2, $3))
        for update`,
      [email, hash, PKCE_PREFIX + hash],
    );
    const row = rows[0];
    if (!row || expired(row.email_change_sent_at)) throw otpInvalid();
    const stored = same(row.email_change_token_current) ? row.email_change_token_current! : row.email_change_token_new!;
    return { user: await reloadUser(db, row.id), action: "email_change", stored };
  }
  const user = await findUserByEmail(db, email, true);
  if (!user) throw otpInvalid();
  for (const c of candidates(type, user.row)) {
    if (same(c.stored)) {
      if (expired(c.sentAt)) throw otpInvalid();
      return { user, action: c.action, stored: c.stored! };
    }
  }
  throw otpInvalid();
}

/**
 * Applies the verification. Returns the user to sign in, or null when a secure e-mail change
 * still waits for the other address.
 */
async function applyVerification(db: Db, match: Match, secureEmailChange: boolean): Promise<LoadedUser | null> {
  const { user } = match;
  if (isBanned(user.row)) throw forbidden("user_banned", "User is banned");
  const id = user.row.id;
  switch (match.action) {
    case "confirm":
      if (!user.row.encrypted_password && user.row.invited_at) await setPassword(db, id, generatePassword());
      await confirmUser(db, id);
      await audit(db, "user_signedup", user);
      break;
    case "recover":
      await db.query("update auth.users set recovery_token = '', updated_at = now() where id = $1", [id]);
      await clearOneTimeToken(db, id, "recovery_token");
      if (!user.row.email_confirmed_at) {
        await confirmUser(db, id);
        await audit(db, "user_signedup", user);
      } else {
        await audit(db, "login", user);
      }
      break;
    case "email_change": {
      const isCurrent = match.stored === user.row.email_change_token_current;
      if (secureEmailChange && user.row.email_change_confirm_status === 0 && user.row.email) {
        // Secure e-mail change: the first of the two links only records its confirmation.
        await db.query(
          `update auth.users set email_change_confirm_status = 1,
             ${isCurrent ? "email_change_token_current" : "email_change_token_new"} = '' where id = $1`,
          [id],
        );
        await clearOneTimeToken(db, id, isCurrent ? "email_change_token_current" : "email_change_token_new");
        return null;
      }
      const newEmail = user.row.email_change ?? "";
      await db.query(
        `update auth.users set email = $2, email_change = '', email_change_token_current = '',
           email_change_token_new = '', email_change_confirm_status = 0,
           email_confirmed_at = coalesce(email_confirmed_at, now()), updated_at = now() where id = $1`,
        [id, newEmail],
      );
      await db.query(
        `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text),
           updated_at = now() where user_id = $1 and provider = 'email'`,
        [id, newEmail],
      );
      await clearOneTimeToken(db, id, "email_change_token_current");
      await clearOneTimeToken(db, id, "email_change_token_new");
      await audit(db, "user_modified", user);
      break;
    }
  }
  return reloadUser(db, id);
}

function readType(type: string | undefined | null): string {
  if (!type) throw badRequest("validation_failed", "Verify requires a verification type");
  if (!VERIFY_TYPES.has(type)) throw badRequest("validation_failed", "Unsupported verification type");
  return type;
}

export async function verifyPost(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const type = readType(optString(body, "type"));
  const tokenHash = optString(body, "token_hash") ?? "";
  const token = (optString(body, "token") ?? "").replaceAll("-", "");
  const email = optString(body, "email") ?? "";
  if (optString(body, "phone")) throw badRequest("validation_failed", "Phone verification is not supported");
  if (tokenHash === "" && token === "") {
    throw badRequest("validation_failed", "Verify requires either a token or a token hash");
  }
  if (tokenHash === "" && email === "") {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on verify");
  }
  const validEmail = tokenHash === "" ? validateEmail(email) : "";

  const result = await withTx(ctx.services.pool, async (db) => {
    const match =
      tokenHash !== "" ? await matchTokenHash(db, type, tokenHash) : await matchEmailOtp(db, type, validEmail, token);
    const user = await applyVerification(db, match, ctx.services.config.authSecureEmailChange);
    if (!user) return null;
    return issueSession(db, ctx.services, user, "otp");
  });
  if (!result) {
    sendJson(ctx.res, 200, { msg: SINGLE_CONFIRMATION_ACCEPTED, code: "200" });
    return;
  }
  sendJson(ctx.res, 200, result);
}

const OAUTH_ERRORS: Record<number, string> = {
  400: "invalid_request",
  401: "unauthorized_client",
  403: "access_denied",
  500: "server_error",
  503: "temporarily_unavailable",
};

function withFragment(target: string, params: URLSearchParams, alsoQuery: boolean): string {
  const url = new URL(target);
  url.search = ""; // as supabase/auth: the error replaces the redirect URL's query
  if (alsoQuery) {
    for (const [k, v] of params) url.searchParams.set(k, v);
  }
  url.hash = params.toString();
  return url.toString();
}

/** GET /verify: the link in an e-mail. Always answers with a 303 to the redirect URL. */
export async function verifyGet(ctx: RequestContext): Promise<void> {
  const q = ctx.url.searchParams;
  const token = q.get("token") ?? "";
  const type = readType(q.get("type"));
  if (token === "") throw badRequest("validation_failed", "Verify requires a token or a token hash");
  const redirectTo = resolveRedirect(ctx.services.config, q.get("redirect_to"));
  const isPkce = token.startsWith(PKCE_PREFIX);

  try {
    const outcome = await withTx(ctx.services.pool, async (db) => {
      const match = await matchTokenHash(db, type, token);
      const user = await applyVerification(db, match, ctx.services.config.authSecureEmailChange);
      if (!user) return { kind: "message" as const };
      if (isPkce) {
        const { rows } = await db.query<{ id: string; auth_code: string }>(
          `select id, auth_code from auth.flow_state where user_id = $1 and authentication_method = $2
            order by created_at desc limit 1 for update`,
          [user.row.id, flowAuthMethod(type)],
        );
        const flow = rows[0];
        if (!flow) throw new AuthError(404, "flow_state_not_found", "No associated flow state found");
        await db.query("update auth.flow_state set auth_code_issued_at = now(), updated_at = now() where id = $1", [
          flow.id,
        ]);
        return { kind: "code" as const, code: flow.auth_code };
      }
      return { kind: "session" as const, session: await issueSession(db, ctx.services, user, "otp") };
    });

    if (outcome.kind === "message") {
      const url = new URL(redirectTo);
      if (isPkce) url.searchParams.set("message", SINGLE_CONFIRMATION_ACCEPTED);
      url.hash = `message=${encodeURIComponent(SINGLE_CONFIRMATION_ACCEPTED).replace(/%20/g, "+")}`;
      return redirect(ctx.res, url.toString());
    }
    if (outcome.kind === "code") {
      const url = new URL(redirectTo);
      url.searchParams.set("code", outcome.code);
      return redirect(ctx.res, url.toString());
    }
    const s = outcome.session;
    const params = new URLSearchParams({
      access_token: s.access_token,
      expires_at: String(s.expires_at),
      expires_in: String(s.expires_in),
      refresh_token: s.refresh_token,
      token_type: "bearer",
      type,
    });
    return redirect(ctx.res, `${redirectTo.split("#")[0]}#${params.toString()}`);
  } catch (e) {
    if (!(e instanceof AuthError) || e.status >= 500) throw e;
    const params = new URLSearchParams();
    const oauth = OAUTH_ERRORS[e.status];
    if (oauth) params.set("error", oauth);
    params.set("error_code", e.code);
    params.set("error_description", e.message);
    return redirect(ctx.res, withFragment(redirectTo, params, isPkce));
  }
}
