// POST /signup, POST /otp, POST /recover.
import { randomUUID } from "node:crypto";
import { type RequestContext, checkPasswordStrength, validateEmail, withTx } from "../context.ts";
import { generatePassword } from "../crypto.ts";
import { AuthError, optBool, optObject, optString, readJsonBody, sendJson, unprocessable } from "../http.ts";
import {
  type MailContext,
  type PkceParams,
  createFlowState,
  flowAuthMethod,
  readPkceParams,
  resolveRedirect,
  sendConfirmation,
  sendRecoveryOrMagicLink,
} from "../mail.ts";
import { issueSession } from "../sessions.ts";
import { type Db, type LoadedUser, audit, confirmUser, findUserByEmail, insertUser, reloadUser, userJson } from "../users.ts";

class UserExists extends Error {}

function mailContext(ctx: RequestContext, db: Db, redirectTo?: string | null): MailContext {
  const { config, hook } = ctx.services;
  return {
    db,
    config,
    hook,
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
  if (optString(body, "phone")) {
    throw new AuthError(400, "phone_provider_disabled", "Phone signups are disabled");
  }
  const email = validateEmail(optString(body, "email"), "To signup, please provide your email");
  const password = optString(body, "password") ?? "";
  if (password === "") throw unprocessable("validation_failed", "Signup requires a valid password");
  checkPasswordStrength(password);
  const data = optObject(body, "data") ?? {};
  const pkce = readPkceParams(body);
  try {
    const result = await withTx(ctx.services.pool, (db) => signupInTx(ctx, db, { email, password, data, pkce }));
    sendJson(ctx.res, 200, result);
  } catch (e) {
    if (!(e instanceof UserExists)) throw e;
    if (ctx.services.config.mailerAutoconfirm) {
      throw unprocessable("user_already_exists", "User already registered");
    }
    sendJson(ctx.res, 200, obfuscatedUser(email, data));
  }
}

/** POST /otp: magic link for existing users, a sign-up confirmation for new ones. */
export async function otp(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  if (optString(body, "phone")) {
    throw new AuthError(400, "phone_provider_disabled", "Unsupported phone provider");
  }
  const email = validateEmail(optString(body, "email"));
  const createUser = optBool(body, "create_user") ?? true;
  const data = optObject(body, "data") ?? {};
  const pkce = readPkceParams(body);

  await withTx(ctx.services.pool, async (db) => {
    const user: LoadedUser | null = await findUserByEmail(db, email, true);
    if (!user || !user.row.email_confirmed_at) {
      if (!user && !createUser) throw unprocessable("otp_disabled", "Signups not allowed for otp");
      // A new (or not yet confirmed) address signs up with a random password; the confirmation
      // e-mail doubles as the magic link.
      if (!ctx.services.config.mailerAutoconfirm) {
        await signupInTx(ctx, db, { email, password: generatePassword(), data, pkce });
        return;
      }
      if (!user) await signupInTx(ctx, db, { email, password: generatePassword(), data, pkce: null });
    }
    const current = await findUserByEmail(db, email, true);
    if (!current) throw new Error("user vanished during /otp");
    if (pkce) await createFlowState(db, current.row.id, pkce, flowAuthMethod("magiclink"));
    await sendRecoveryOrMagicLink(mailContext(ctx, db), current, pkce ? "pkce" : "implicit", "magiclink");
    await audit(db, "user_recovery_requested", current);
  }).catch((e: unknown) => {
    if (e instanceof UserExists) return; // cannot happen: confirmed users take the magic-link path
    throw e;
  });
  sendJson(ctx.res, 200, {});
}

/** POST /recover: a recovery e-mail; unknown addresses get the same `{}` answer. */
export async function recover(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const email = validateEmail(optString(body, "email"), "Password recovery requires an email");
  const pkce = readPkceParams(body);
  await withTx(ctx.services.pool, async (db) => {
    const user = await findUserByEmail(db, email, true);
    if (!user) return;
    if (pkce) await createFlowState(db, user.row.id, pkce, flowAuthMethod("recovery"));
    await sendRecoveryOrMagicLink(mailContext(ctx, db), user, pkce ? "pkce" : "implicit", "recovery");
    await audit(db, "user_recovery_requested", user);
  });
  sendJson(ctx.res, 200, {});
}

export { mailContext };
