// Auth e-mails: one-time tokens stored as supabase/auth stores them (sha224 hash in auth.users
// plus a row in auth.one_time_tokens), the per-address send frequency limit, PKCE flow states,
// and the Send Email Hook call.
import { randomUUID } from "node:crypto";
import type { StackConfig } from "../config.ts";
import { PKCE_PREFIX, generateAuthCode, generateOtp, generateTokenHash } from "./crypto.ts";
import { badRequest, tooManyRequests } from "./http.ts";
import type { EmailActionType, SendEmailHook } from "./hook.ts";
import type { WindowLimiter } from "./ratelimit.ts";
import { type Db, type LoadedUser, reloadUser, userJson } from "./users.ts";

export type FlowType = "pkce" | "implicit";

export interface MailContext {
  db: Db;
  config: StackConfig;
  hook: SendEmailHook;
  /** [auth.rate_limit] email_sent: e-mails per hour, all addresses together. */
  emailSent: WindowLimiter;
  /** Where the e-mail's link leads after verification (validated redirect_to or the site URL). */
  redirectTo: string;
}

export interface PkceParams {
  codeChallenge: string;
  codeChallengeMethod: "s256" | "plain";
}

/** Reads code_challenge/code_challenge_method as supabase/auth validates them. */
export function readPkceParams(body: Record<string, unknown>): PkceParams | null {
  const challenge = body.code_challenge;
  const method = body.code_challenge_method;
  const hasChallenge = typeof challenge === "string" && challenge !== "";
  const hasMethod = typeof method === "string" && method !== "";
  if (!hasChallenge && !hasMethod) return null;
  if (!hasChallenge || !hasMethod) {
    throw badRequest("validation_failed", "PKCE flow requires code_challenge_method and code_challenge");
  }
  const m = (method as string).toLowerCase();
  if (m !== "s256" && m !== "plain") {
    throw badRequest("validation_failed", `code challenge method not supported: ${method as string}`);
  }
  const c = challenge as string;
  if (c.length < 43 || c.length > 128) {
    throw badRequest("validation_failed", "code challenge has to be between 43 and 128 characters");
  }
  return { codeChallenge: c, codeChallengeMethod: m };
}

/** Authentication method recorded on a flow state, by e-mail action (models.AuthenticationMethod). */
export function flowAuthMethod(type: string): string {
  switch (type) {
    case "signup":
      return "email/signup";
    case "email":
      return "email/otp";
    default:
      return type; // magiclink, recovery, invite, email_change
  }
}

export async function createFlowState(db: Db, userId: string, pkce: PkceParams, authMethod: string): Promise<void> {
  await db.query(
    `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge,
       provider_type, provider_access_token, provider_refresh_token, created_at, updated_at, authentication_method)
     values ($1, $2, $3, $4, $5, 'email', '', '', now(), now(), $6)`,
    [randomUUID(), userId, generateAuthCode(), pkce.codeChallengeMethod, pkce.codeChallenge, authMethod],
  );
}

export function isRedirectAllowed(config: StackConfig, candidate: string): boolean {
  let target: URL;
  let site: URL;
  try {
    target = new URL(candidate);
    site = new URL(config.siteUrl);
  } catch {
    return false;
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return false;
  const loopback = (h: string) => h === "localhost" || h === "127.0.0.1" || h === "[::1]";
  // As utilities.IsRedirectURLValid: the site's host on any path; locally, any loopback host.
  return target.hostname === site.hostname || (loopback(target.hostname) && loopback(site.hostname));
}

/** utilities.GetReferrer: a valid redirect_to, otherwise the site URL. */
export function resolveRedirect(config: StackConfig, candidate: string | null | undefined): string {
  return candidate && isRedirectAllowed(config, candidate) ? candidate : config.siteUrl;
}

export function externalAuthUrl(config: StackConfig): string {
  return `${config.apiUrl}/auth/v1`;
}

export function actionLink(config: StackConfig, tokenHash: string, type: string, redirectTo: string): string {
  const q = new URLSearchParams({ token: tokenHash, type, redirect_to: redirectTo });
  return `${externalAuthUrl(config)}/verify?${q.toString()}`;
}

export function checkFrequency(config: StackConfig, sentAt: Date | null): void {
  const intervalMs = config.authEmailMinIntervalSeconds * 1000;
  if (!sentAt || intervalMs <= 0) return;
  const remainingMs = sentAt.getTime() + intervalMs - Date.now();
  if (remainingMs > 0) {
    throw tooManyRequests(
      "over_email_send_rate_limit",
      `For security purposes, you can only request this after ${Math.ceil(remainingMs / 1000)} seconds.`,
    );
  }
}

type TokenType =
  | "confirmation_token"
  | "recovery_token"
  | "email_change_token_new"
  | "email_change_token_current"
  | "reauthentication_token";

export async function storeOneTimeToken(
  db: Db,
  userId: string,
  type: TokenType,
  tokenHash: string,
  relatesTo: string,
): Promise<void> {
  await db.query(
    `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
     values ($1, $2, $3, $4, $5, now(), now())
     on conflict (user_id, token_type)
       do update set id = excluded.id, token_hash = excluded.token_hash, relates_to = excluded.relates_to,
                     created_at = excluded.created_at, updated_at = excluded.updated_at`,
    [randomUUID(), userId, type, tokenHash, relatesTo.toLowerCase()],
  );
}

export async function clearOneTimeToken(db: Db, userId: string, type: TokenType): Promise<void> {
  await db.query("delete from auth.one_time_tokens where user_id = $1 and token_type = $2", [userId, type]);
}

const withPrefix = (hash: string, flow: FlowType) => (flow === "pkce" ? PKCE_PREFIX + hash : hash);

async function callHook(
  ctx: MailContext,
  user: LoadedUser,
  type: EmailActionType,
  token: string,
  tokenHash: string,
  tokenNew = "",
  tokenHashNew = "",
): Promise<void> {
  if (!ctx.emailSent.take("project")) {
    throw tooManyRequests("over_email_send_rate_limit", "email rate limit exceeded");
  }
  await ctx.hook.send(userJson(user), {
    token,
    token_hash: tokenHash,
    redirect_to: ctx.redirectTo,
    email_action_type: type,
    site_url: externalAuthUrl(ctx.config),
    token_new: tokenNew,
    token_hash_new: tokenHashNew,
  });
}

/** Signup confirmation (sendConfirmation); also used for invites when `invite` is true. */
export async function sendConfirmation(ctx: MailContext, user: LoadedUser, flow: FlowType, invite = false) {
  if (!invite) checkFrequency(ctx.config, user.row.confirmation_sent_at);
  const email = user.row.email ?? "";
  const otp = generateOtp();
  const hash = withPrefix(generateTokenHash(email, otp), flow);
  await ctx.db.query(
    `update auth.users set confirmation_token = $2, confirmation_sent_at = now()
       ${invite ? ", invited_at = now()" : ""} where id = $1`,
    [user.row.id, hash],
  );
  await storeOneTimeToken(ctx.db, user.row.id, "confirmation_token", hash, email);
  await callHook(ctx, await reloadUser(ctx.db, user), invite ? "invite" : "signup", otp, hash);
}

/** Magic link or password recovery: both use recovery_token and recovery_sent_at. */
export async function sendRecoveryOrMagicLink(
  ctx: MailContext,
  user: LoadedUser,
  flow: FlowType,
  type: "magiclink" | "recovery",
) {
  checkFrequency(ctx.config, user.row.recovery_sent_at);
  const email = user.row.email ?? "";
  const otp = generateOtp();
  const hash = withPrefix(generateTokenHash(email, otp), flow);
  await ctx.db.query("update auth.users set recovery_token = $2, recovery_sent_at = now() where id = $1", [
    user.row.id,
    hash,
  ]);
  await storeOneTimeToken(ctx.db, user.row.id, "recovery_token", hash, email);
  await callHook(ctx, await reloadUser(ctx.db, user), type, otp, hash);
}

/**
 * E-mail change. With secure e-mail change (both addresses confirm) the hook gets Supabase's
 * field pairing: `token` is the OTP for the current address while `token_hash` is the new
 * address's hash; `token_new` is the new address's OTP and `token_hash_new` the current address's
 * hash. Without it (this project's config.toml: double_confirm_changes = false) only the new
 * address confirms: `token`/`token_hash` are the new address's and the *_new fields are empty.
 */
export async function sendEmailChange(ctx: MailContext, user: LoadedUser, newEmail: string, flow: FlowType) {
  checkFrequency(ctx.config, user.row.email_change_sent_at);
  const current = user.row.email ?? "";
  const secure = ctx.config.authSecureEmailChange && current !== "";
  const otpNew = generateOtp();
  const hashNew = withPrefix(generateTokenHash(newEmail, otpNew), flow);
  const otpCurrent = secure ? generateOtp() : "";
  const hashCurrent = secure ? withPrefix(generateTokenHash(current, otpCurrent), flow) : "";
  await ctx.db.query(
    `update auth.users set email_change = $2, email_change_token_new = $3, email_change_token_current = $4,
       email_change_confirm_status = 0, email_change_sent_at = now() where id = $1`,
    [user.row.id, newEmail, hashNew, hashCurrent],
  );
  if (hashCurrent) await storeOneTimeToken(ctx.db, user.row.id, "email_change_token_current", hashCurrent, current);
  else await clearOneTimeToken(ctx.db, user.row.id, "email_change_token_current");
  await storeOneTimeToken(ctx.db, user.row.id, "email_change_token_new", hashNew, newEmail);
  const reloaded = await reloadUser(ctx.db, user);
  if (secure) await callHook(ctx, reloaded, "email_change", otpCurrent, hashNew, otpNew, hashCurrent);
  else await callHook(ctx, reloaded, "email_change", otpNew, hashNew);
}

/** sendReauthenticationOtp: a 6-digit nonce to the user's address for a sensitive change. */
export async function sendReauthentication(ctx: MailContext, user: LoadedUser): Promise<void> {
  checkFrequency(ctx.config, user.row.reauthentication_sent_at);
  const email = user.row.email ?? "";
  const otp = generateOtp();
  const hash = generateTokenHash(email, otp);
  await ctx.db.query("update auth.users set reauthentication_token = $2, reauthentication_sent_at = now() where id = $1", [
    user.row.id,
    hash,
  ]);
  await storeOneTimeToken(ctx.db, user.row.id, "reauthentication_token", hash, email);
  await callHook(ctx, await reloadUser(ctx.db, user), "reauthentication", otp, hash);
}
