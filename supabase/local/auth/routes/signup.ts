// POST /signup, POST /otp, POST /recover.
import { randomUUID } from "node:crypto";
import { type RequestContext, checkPasswordStrength, validateEmail, withTx } from "../context.ts";
import { generatePassword } from "../crypto.ts";
import { AuthError, badRequest, optBool, optObject, optString, readJsonBody, sendJson, unprocessable } from "../http.ts";
import {
  type MailContext,
  type PkceParams,
  checkFrequency,
  createFlowState,
  flowAuthMethod,
  readPkceParams,
  resolveRedirect,
  sendConfirmation,
  sendEmailChange,
  sendRecoveryOrMagicLink,
} from "../mail.ts";
import { limitClient } from "../ratelimit.ts";
import { KnownPathTiming, PhantomSends } from "../timing.ts";
import { issueSession } from "../sessions.ts";
import { type Db, type LoadedUser, audit, confirmUser, findUserByEmail, insertUser, reloadUser, userJson } from "../users.ts";

class UserExists extends Error {}

function mailContext(ctx: RequestContext, db: Db, redirectTo?: string | null): MailContext {
  const { config, hook, limits } = ctx.services;
  return {
    db,
    config,
    hook,
    emailSent: limits.emailSent,
    redirectTo: resolveRedirect(config, redirectTo ?? ctx.url.searchParams.get("redirect_to")),
  };
}

/**
 * The signup transaction shared by /signup and /otp for new addresses. Returns the session
 * (autoconfirm) or the user; throws UserExists for an already confirmed address.
 */
async function signupInTx(
  ctx: RequestContext,
  db: Db,
  params: { email: string; password: string; data: Record<string, unknown>; pkce: PkceParams | null },
): Promise<Record<string, unknown>> {
  const { config } = ctx.services;
  let user = await findUserByEmail(db, params.email, true);
  if (user) {
    if (user.row.email_confirmed_at) throw new UserExists();
    // An unconfirmed user signing up again: nothing about the account is changed (the caller
    // has not proven the address), the confirmation is sent again.
  } else {
    user = await insertUser(db, { email: params.email, password: params.password, userMetadata: params.data });
    await audit(db, "user_signedup", user, { provider: "email" });
  }
  if (config.mailerAutoconfirm) {
    await confirmUser(db, user.row.id);
    return issueSession(db, ctx.services, await reloadUser(db, user), "password");
  }
  if (params.pkce) await createFlowState(db, user.row.id, params.pkce, flowAuthMethod("signup"));
  await sendConfirmation(mailContext(ctx, db), user, params.pkce ? "pkce" : "implicit");
  await audit(db, "user_confirmation_requested", user, { provider: "email" });
  return userJson(await reloadUser(db, user));
}

/** sanitizeUser: what an existing confirmed address gets back, so sign-up cannot enumerate users. */
function obfuscatedUser(email: string, data: Record<string, unknown>): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    aud: "authenticated",
    role: "",
    email,
    phone: "",
    confirmation_sent_at: now,
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: data,
    identities: [],
    created_at: now,
    updated_at: now,
    is_anonymous: false,
  };
}

export async function signup(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const { config, limits } = ctx.services;
  if (!optString(body, "email") && !optString(body, "phone")) {
    throw unprocessable("anonymous_provider_disabled", "Anonymous sign-ins are disabled");
  }
  limitClient(limits.signInSignUps, ctx.clientAddress);
  if (config.authDisableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
  if (optString(body, "phone")) {
    throw new AuthError(400, "phone_provider_disabled", "Phone signups are disabled");
  }
  const email = validateEmail(optString(body, "email"), "To signup, please provide your email");
  const password = optString(body, "password") ?? "";
  if (password === "") throw unprocessable("validation_failed", "Signup requires a valid password");
  checkPasswordStrength(config, password);
  const data = optObject(body, "data") ?? {};
  const pkce = readPkceParams(body);
  try {
    const result = await withTx(ctx.services.pool, (db) => signupInTx(ctx, db, { email, password, data, pkce }));
    sendJson(ctx.res, 200, result);
  } catch (e) {
    if (!(e instanceof UserExists)) throw e;
    if (config.mailerAutoconfirm) {
      throw unprocessable("user_already_exists", "User already registered");
    }
    sendJson(ctx.res, 200, obfuscatedUser(email, data));
  }
}

const otpTiming = new KnownPathTiming();
const recoverTiming = new KnownPathTiming();
const phantoms = new PhantomSends();

/**
 * An unknown address asked for an e-mail it will not get: the same `{}` a known address gets,
 * after about the same time, and the same 429 when it asks again within the interval.
 */
async function answerAsIfSent(ctx: RequestContext, kind: string, email: string, timing: KnownPathTiming, startedAt: number) {
  checkFrequency(ctx.services.config, phantoms.last(kind, email));
  phantoms.mark(kind, email);
  await timing.pad(startedAt);
  sendJson(ctx.res, 200, {});
}

/**
 * POST /otp: magic link for existing users, a sign-up confirmation for new ones. Unlike GoTrue
 * (422 otp_disabled), an unknown address with create_user off gets the answer a known one gets,
 * so the endpoint cannot be used to find out who has an account.
 */
export async function otp(ctx: RequestContext): Promise<void> {
  const startedAt = Date.now();
  const body = await readJsonBody(ctx.req);
  if (optString(body, "phone")) {
    throw new AuthError(400, "phone_provider_disabled", "Unsupported phone provider");
  }
  limitClient(ctx.services.limits.signInSignUps, ctx.clientAddress);
  const email = validateEmail(optString(body, "email"));
  const createUser = optBool(body, "create_user") ?? true;
  const data = optObject(body, "data") ?? {};
  const pkce = readPkceParams(body);
  const { config } = ctx.services;

  const sent = await withTx(ctx.services.pool, async (db) => {
    const user: LoadedUser | null = await findUserByEmail(db, email, true);
    if (!user || !user.row.email_confirmed_at) {
      if (!user && !createUser) return false;
      if (config.authDisableSignup) throw unprocessable("signup_disabled", "Signups not allowed for this instance");
      // A new (or not yet confirmed) address signs up with a random password; the confirmation
      // e-mail doubles as the magic link.
      if (!config.mailerAutoconfirm) {
        await signupInTx(ctx, db, { email, password: generatePassword(), data, pkce });
        return true;
      }
      if (!user) await signupInTx(ctx, db, { email, password: generatePassword(), data, pkce: null });
    }
    const current = await findUserByEmail(db, email, true);
    if (!current) throw new Error("user vanished during /otp");
    if (pkce) await createFlowState(db, current.row.id, pkce, flowAuthMethod("magiclink"));
    await sendRecoveryOrMagicLink(mailContext(ctx, db), current, pkce ? "pkce" : "implicit", "magiclink");
    await audit(db, "user_recovery_requested", current);
    return true;
  }).catch((e: unknown) => {
    if (e instanceof UserExists) return true; // cannot happen: confirmed users take the magic-link path
    throw e;
  });
  if (!sent) return answerAsIfSent(ctx, "magiclink", email, otpTiming, startedAt);
  otpTiming.observe(Date.now() - startedAt);
  sendJson(ctx.res, 200, {});
}

/** POST /recover: a recovery e-mail; unknown addresses get the same `{}` answer, in about the same time. */
export async function recover(ctx: RequestContext): Promise<void> {
  const startedAt = Date.now();
  const body = await readJsonBody(ctx.req);
  limitClient(ctx.services.limits.signInSignUps, ctx.clientAddress);
  const email = validateEmail(optString(body, "email"), "Password recovery requires an email");
  const pkce = readPkceParams(body);
  const sent = await withTx(ctx.services.pool, async (db) => {
    const user = await findUserByEmail(db, email, true);
    if (!user) return false;
    if (pkce) await createFlowState(db, user.row.id, pkce, flowAuthMethod("recovery"));
    await sendRecoveryOrMagicLink(mailContext(ctx, db), user, pkce ? "pkce" : "implicit", "recovery");
    await audit(db, "user_recovery_requested", user);
    return true;
  });
  if (!sent) return answerAsIfSent(ctx, "recovery", email, recoverTiming, startedAt);
  recoverTiming.observe(Date.now() - startedAt);
  sendJson(ctx.res, 200, {});
}

const resendTiming = new KnownPathTiming();

/**
 * POST /resend {type: "signup" | "email_change", email}: sends the sign-up confirmation or the
 * e-mail-change mail again. As GoTrue, `{}` when there is nothing to send (unknown address,
 * already confirmed, no pending change); the per-address frequency limit applies.
 */
export async function resend(ctx: RequestContext): Promise<void> {
  const startedAt = Date.now();
  const body = await readJsonBody(ctx.req);
  limitClient(ctx.services.limits.signInSignUps, ctx.clientAddress);
  const type = optString(body, "type") ?? "";
  const rawEmail = optString(body, "email") ?? "";
  const phone = optString(body, "phone") ?? "";
  if (type === "sms" || type === "phone_change") {
    if (rawEmail === "" && phone === "" && type === "sms") {
      throw badRequest("validation_failed", "Type provided requires a phone number");
    }
  } else if (type !== "signup" && type !== "email_change") {
    throw badRequest("validation_failed", "Missing one of these types: signup, email_change, sms, phone_change");
  }
  const pkce = type === "signup" || type === "email_change" ? readPkceParams(body) : null;
  if (rawEmail === "" && type === "signup") throw badRequest("validation_failed", "Type provided requires an email address");
  if (rawEmail !== "" && phone !== "") {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided.");
  }
  if (rawEmail === "" && phone !== "") throw badRequest("phone_provider_disabled", "Phone logins are disabled");
  if (rawEmail === "") throw badRequest("validation_failed", "Missing email address or phone number");
  if (type === "sms" || type === "phone_change") throw badRequest("phone_provider_disabled", "Phone logins are disabled");
  const email = validateEmail(rawEmail);

  const sent = await withTx(ctx.services.pool, async (db) => {
    const user = await findUserByEmail(db, email, true);
    if (!user) return false;
    if (type === "signup") {
      if (user.row.email_confirmed_at) return false;
      await audit(db, "user_confirmation_requested", user, { provider: "email" });
      if (pkce) await createFlowState(db, user.row.id, pkce, flowAuthMethod("signup"));
      await sendConfirmation(mailContext(ctx, db), user, pkce ? "pkce" : "implicit");
      return true;
    }
    if (!user.row.email_change) return false;
    if (pkce) await createFlowState(db, user.row.id, pkce, flowAuthMethod("email_change"));
    await sendEmailChange(mailContext(ctx, db), user, user.row.email_change, pkce ? "pkce" : "implicit");
    return true;
  });
  if (!sent) return answerAsIfSent(ctx, `resend-${type}`, email, resendTiming, startedAt);
  resendTiming.observe(Date.now() - startedAt);
  sendJson(ctx.res, 200, {});
}

export { mailContext };
