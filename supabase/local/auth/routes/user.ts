// GET /user, PUT /user, POST /logout.
import { type RequestContext, checkPasswordStrength, requireUser, validateEmail, withTx } from "../context.ts";
import { generateTokenHash, safeEqual } from "../crypto.ts";
import { badRequest, optObject, optString, readJsonBody, sendJson, sendNoContent, unprocessable } from "../http.ts";
import { clearOneTimeToken, createFlowState, flowAuthMethod, readPkceParams, sendEmailChange, sendReauthentication } from "../mail.ts";
import { type Db, type LoadedUser, audit, findUserByEmail, mergeMetadata, passwordMatches, reloadUser, setPassword, userJson } from "../users.ts";
import { mailContext } from "./signup.ts";

export async function getUser(ctx: RequestContext): Promise<void> {
  const { user } = await requireUser(ctx, ctx.services.pool);
  sendJson(ctx.res, 200, userJson(user));
}

export async function changeEmailDirectly(db: Db, userId: string, email: string, confirm: boolean): Promise<void> {
  await db.query(
    `update auth.users set email = $2, email_change = '', email_change_token_new = '', email_change_token_current = '',
       email_change_confirm_status = 0,
       email_confirmed_at = case when $3 then coalesce(email_confirmed_at, now()) else email_confirmed_at end,
       updated_at = now() where id = $1`,
    [userId, email, confirm],
  );
  await db.query(
    `update auth.identities set identity_data = identity_data || jsonb_build_object('email', $2::text),
       updated_at = now() where user_id = $1 and provider = 'email'`,
    [userId, email],
  );
}

export async function putUser(ctx: RequestContext): Promise<void> {
  const body = await readJsonBody(ctx.req);
  const password = optString(body, "password");
  const nonce = optString(body, "nonce") ?? "";
  const rawEmail = optString(body, "email");
  const data = optObject(body, "data");
  if (optString(body, "phone")) throw badRequest("validation_failed", "Phone updates are not supported");
  const pkce = readPkceParams(body);

  const user = await withTx(ctx.services.pool, async (db) => {
    const auth = await requireUser(ctx, db);
    const id = auth.user.row.id;
    await db.query("select 1 from auth.users where id = $1 for update", [id]);

    if (password !== undefined) {
      if (ctx.services.config.authSecurePasswordChange && !(await signedInRecently(db, auth.sessionId))) {
        if (nonce === "") throw badRequest("reauthentication_needed", "Password update requires reauthentication");
        await verifyReauthentication(db, auth.user, nonce);
      }
      checkPasswordStrength(ctx.services.config, password);
      if (await passwordMatches(db, id, password)) {
        throw unprocessable("same_password", "New password should be different from the old password.");
      }
      await setPassword(db, id, password);
      // UpdatePassword signs out every other session of the user.
      if (auth.sessionId) {
        await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [id, auth.sessionId]);
      } else {
        await db.query("delete from auth.sessions where user_id = $1", [id]);
      }
      await audit(db, "user_updated_password", auth.user);
    }

    if (data) {
      const merged = mergeMetadata(auth.user.row.raw_user_meta_data, data);
      await db.query("update auth.users set raw_user_meta_data = $2::jsonb, updated_at = now() where id = $1", [
        id,
        JSON.stringify(merged),
      ]);
    }

    if (rawEmail !== undefined && rawEmail !== "") {
      const email = validateEmail(rawEmail);
      if (email !== (auth.user.row.email ?? "").toLowerCase()) {
        const existing = await findUserByEmail(db, email);
        if (existing && existing.row.id !== id) {
          throw unprocessable("email_exists", "A user with this email address has already been registered");
        }
        if (ctx.services.config.mailerAutoconfirm) {
          await changeEmailDirectly(db, id, email, true);
        } else {
          if (pkce) await createFlowState(db, id, pkce, flowAuthMethod("email_change"));
          await sendEmailChange(mailContext(ctx, db), await reloadUser(db, id), email, pkce ? "pkce" : "implicit");
        }
      }
    }
    await audit(db, "user_modified", auth.user);
    return reloadUser(db, id);
  });
  sendJson(ctx.res, 200, userJson(user));
}

/** GoTrue asks for a nonce unless the current session began within the last 24 hours. */
async function signedInRecently(db: Db, sessionId: string | null): Promise<boolean> {
  if (!sessionId) return false;
  const { rows } = await db.query<{ recent: boolean }>(
    "select created_at > now() - interval '24 hours' as recent from auth.sessions where id = $1",
    [sessionId],
  );
  return rows[0]?.recent === true;
}

/** OTP lifetime (config.toml [auth.email] otp_expiry). */
const NONCE_TTL_MS = 3600_000;

async function verifyReauthentication(db: Db, user: LoadedUser, nonce: string): Promise<void> {
  const invalid = unprocessable("reauthentication_not_valid", "Nonce has expired or is invalid");
  const { reauthentication_token: stored, reauthentication_sent_at: sentAt } = await reloadUser(db, user.row.id).then((u) => u.row);
  if (!stored || !sentAt) throw invalid;
  const expected = generateTokenHash(user.row.email ?? "", nonce);
  if (!safeEqual(stored, expected) || sentAt.getTime() + NONCE_TTL_MS < Date.now()) throw invalid;
  await db.query("update auth.users set reauthentication_token = '', reauthentication_sent_at = null where id = $1", [user.row.id]);
  await clearOneTimeToken(db, user.row.id, "reauthentication_token");
}

/** GET /reauthenticate: e-mails a nonce to the signed-in user; `PUT /user` takes it as `nonce`. */
export async function reauthenticate(ctx: RequestContext): Promise<void> {
  await withTx(ctx.services.pool, async (db) => {
    const { user } = await requireUser(ctx, db);
    if (!user.row.email) {
      throw badRequest("validation_failed", "Reauthentication requires the user to have an email or a phone number");
    }
    if (!user.row.email_confirmed_at) throw unprocessable("email_not_confirmed", "Please verify your email first.");
    await audit(db, "user_reauthenticate_requested", user);
    await sendReauthentication(mailContext(ctx, db), await reloadUser(db, user.row.id));
  });
  sendJson(ctx.res, 200, {});
}

export async function logout(ctx: RequestContext): Promise<void> {
  const scope = ctx.url.searchParams.get("scope") ?? "global";
  if (!["global", "local", "others"].includes(scope)) {
    throw badRequest("validation_failed", "Unsupported logout scope");
  }
  await withTx(ctx.services.pool, async (db) => {
    const { user, sessionId } = await requireUser(ctx, db);
    if (scope === "global" || !sessionId) {
      await db.query("delete from auth.sessions where user_id = $1", [user.row.id]);
    } else if (scope === "local") {
      await db.query("delete from auth.sessions where id = $1", [sessionId]);
    } else {
      await db.query("delete from auth.sessions where user_id = $1 and id <> $2", [user.row.id, sessionId]);
    }
    await audit(db, "logout", user, { scope });
  });
  sendNoContent(ctx.res);
}
