// Admin API: /admin/users, /admin/users/:id, /admin/generate_link, /invite.
import {
  type RequestContext,
  checkPasswordStrength,
  parseBanDuration,
  requireAdmin,
  validateEmail,
  withTx,
} from "../context.ts";
import { generateOtp, generatePassword, generateTokenHash } from "../crypto.ts";
import {
  badRequest,
  notFound,
  optBool,
  optObject,
  optString,
  readJsonBody,
  sendJson,
  unprocessable,
} from "../http.ts";
import { actionLink, externalAuthUrl, resolveRedirect, sendConfirmation, storeOneTimeToken } from "../mail.ts";
import {
  type Db,
  type LoadedUser,
  audit,
  confirmUser,
  findUserByEmail,
  findUserById,
  insertUser,
  isUuid,
  mergeMetadata,
  reloadUser,
  setPassword,
  userJson,
} from "../users.ts";
import { mailContext } from "./signup.ts";
import { changeEmailDirectly } from "./user.ts";

const emailExists = () => unprocessable("email_exists", "A user with this email address has already been registered");

export async function listUsers(ctx: RequestContext): Promise<void> {
  await requireAdmin(ctx);
  const q = ctx.url.searchParams;
  const page = q.get("page") ? Number(q.get("page")) : 1;
  const perPage = q.get("per_page") ? Number(q.get("per_page")) : 50;
  if (!Number.isInteger(page) || !Number.isInteger(perPage) || page < 1 || perPage < 1) {
    throw badRequest("validation_failed", "Bad Pagination Parameters");
  }
  const filter = q.get("filter") ?? "";
  const pool = ctx.services.pool;
  const where = `aud = 'authenticated' and ($1 = '' or email ilike '%' || $1 || '%' or raw_user_meta_data->>'full_name' ilike '%' || $1 || '%')`;
  const { rows: countRows } = await pool.query<{ n: string }>(
    `select count(*) as n from auth.users where ${where}`,
    [filter],
  );
  const total = Number(countRows[0]?.n ?? 0);
  const { rows } = await pool.query<{ id: string }>(
    `select id from auth.users where ${where} order by created_at desc, id limit $2 offset $3`,
    [filter, perPage, (page - 1) * perPage],
  );
  const users: Record<string, unknown>[] = [];
  for (const r of rows) {
    const u = await findUserById(pool, r.id);
    if (u) users.push(userJson(u));
  }
  const base = `${externalAuthUrl(ctx.services.config)}/admin/users`;
  const last = Math.max(1, Math.ceil(total / perPage));
  const links: string[] = [];
  if (page < last) links.push(`<${base}?page=${page + 1}&per_page=${perPage}>; rel="next"`);
  links.push(`<${base}?page=${last}&per_page=${perPage}>; rel="last"`);
  sendJson(ctx.res, 200, { users, aud: "authenticated" }, { "x-total-count": String(total), link: links.join(", ") });
}

async function loadUserParam(db: Db, id: string, forUpdate = false): Promise<LoadedUser> {
  if (!isUuid(id)) throw notFound("validation_failed", "user_id must be an UUID");
  const user = await findUserById(db, id, forUpdate);
  if (!user) throw notFound("user_not_found", "User not found");
  return user;
}

export async function getUserById(ctx: RequestContext, id: string): Promise<void> {
  await requireAdmin(ctx);
  sendJson(ctx.res, 200, userJson(await loadUserParam(ctx.services.pool, id)));
}

export async function createUser(ctx: RequestContext): Promise<void> {
  await requireAdmin(ctx);
  const body = await readJsonBody(ctx.req);
  if (optString(body, "phone")) throw badRequest("validation_failed", "Phone users are not supported");
  const rawEmail = optString(body, "email");
  if (!rawEmail) throw badRequest("validation_failed", "Cannot create a user without either an email or phone");
  const email = validateEmail(rawEmail);
  const password = optString(body, "password");
  if (password !== undefined && password !== "") checkPasswordStrength(ctx.services.config, password);
  const userMetadata = optObject(body, "user_metadata") ?? optObject(body, "data") ?? {};
  const appMetadata = optObject(body, "app_metadata") ?? {};
  const banDuration = optString(body, "ban_duration");
  const bannedUntil = banDuration ? parseBanDuration(banDuration) : null;
  const id = optString(body, "id");
  if (id !== undefined && !isUuid(id)) throw badRequest("validation_failed", "id must be a UUID");
  const role = optString(body, "role");

  const user = await withTx(ctx.services.pool, async (db) => {
    if (await findUserByEmail(db, email)) throw emailExists();
    if (id && (await findUserById(db, id))) throw unprocessable("user_already_exists", "User already exists");
    const created = await insertUser(db, {
      email,
      password: password || undefined,
      userMetadata,
      appMetadata,
      confirmed: optBool(body, "email_confirm") === true,
      bannedUntil,
      role: role || undefined,
      id,
    });
    await audit(db, "user_signedup", created, { provider: "email", via: "admin" });
    return created;
  });
  sendJson(ctx.res, 200, userJson(user));
}

export async function updateUserById(ctx: RequestContext, id: string): Promise<void> {
  await requireAdmin(ctx);
  const body = await readJsonBody(ctx.req);
  const rawEmail = optString(body, "email");
  const email = rawEmail ? validateEmail(rawEmail) : undefined;
  const password = optString(body, "password");
  if (password !== undefined) checkPasswordStrength(ctx.services.config, password);
  const userMetadata = optObject(body, "user_metadata");
  const appMetadata = optObject(body, "app_metadata");
  const emailConfirm = optBool(body, "email_confirm");
  const banDuration = optString(body, "ban_duration");
  const bannedUntil = banDuration ? parseBanDuration(banDuration) : undefined;
  const role = optString(body, "role");

  const user = await withTx(ctx.services.pool, async (db) => {
    const user = await loadUserParam(db, id, true);
    const uid = user.row.id;
    if (email !== undefined && email !== (user.row.email ?? "").toLowerCase()) {
      const other = await findUserByEmail(db, email);
      if (other && other.row.id !== uid) throw emailExists();
      await changeEmailDirectly(db, uid, email, false);
    }
    if (emailConfirm === true) await confirmUser(db, uid);
    if (password !== undefined) await setPassword(db, uid, password);
    if (userMetadata) {
      await db.query("update auth.users set raw_user_meta_data = $2::jsonb where id = $1", [
        uid,
        JSON.stringify(mergeMetadata(user.row.raw_user_meta_data, userMetadata)),
      ]);
    }
    if (appMetadata) {
      await db.query("update auth.users set raw_app_meta_data = $2::jsonb where id = $1", [
        uid,
        JSON.stringify(mergeMetadata(user.row.raw_app_meta_data, appMetadata)),
      ]);
    }
    if (bannedUntil !== undefined) {
      await db.query("update auth.users set banned_until = $2 where id = $1", [uid, bannedUntil]);
      if (bannedUntil) await db.query("delete from auth.sessions where user_id = $1", [uid]);
    }
    if (role) await db.query("update auth.users set role = $2 where id = $1", [uid, role]);
    await db.query("update auth.users set updated_at = now() where id = $1", [uid]);
    await audit(db, "user_modified", user, { via: "admin" });
    return reloadUser(db, uid);
  });
  sendJson(ctx.res, 200, userJson(user));
}

export async function deleteUserById(ctx: RequestContext, id: string): Promise<void> {
  await requireAdmin(ctx);
  const body = await readJsonBody(ctx.req);
  const soft = optBool(body, "should_soft_delete") === true;
  await withTx(ctx.services.pool, async (db) => {
    const user = await loadUserParam(db, id, true);
    if (soft) {
      // SoftDeleteUser: the row stays (so references survive), the person can no longer sign in.
      await db.query("delete from auth.sessions where user_id = $1", [user.row.id]);
      await db.query("delete from auth.identities where user_id = $1", [user.row.id]);
      await db.query("delete from auth.one_time_tokens where user_id = $1", [user.row.id]);
      await db.query(
        `update auth.users set email = null, phone = null, encrypted_password = '', email_change = '',
           confirmation_token = '', recovery_token = '', email_change_token_new = '', email_change_token_current = '',
           raw_user_meta_data = '{}', deleted_at = now(), updated_at = now() where id = $1`,
        [user.row.id],
      );
    } else {
      await db.query("delete from auth.users where id = $1", [user.row.id]);
    }
    await audit(db, "user_deleted", null, { user_id: user.row.id, user_email: user.row.email });
  });
  sendJson(ctx.res, 200, {});
}

/** POST /invite (inviteUserByEmail): creates the user if needed and sends an `invite` e-mail. */
export async function invite(ctx: RequestContext): Promise<void> {
  await requireAdmin(ctx);
  const body = await readJsonBody(ctx.req);
  const email = validateEmail(optString(body, "email"));
  const data = optObject(body, "data") ?? {};
  const user = await withTx(ctx.services.pool, async (db) => {
    let user = await findUserByEmail(db, email, true);
    if (user?.row.email_confirmed_at) throw emailExists();
    if (!user) user = await insertUser(db, { email, userMetadata: data });
    await sendConfirmation(mailContext(ctx, db), user, "implicit", true);
    await audit(db, "user_invited", null, { user_id: user.row.id, user_email: email });
    return reloadUser(db, user);
  });
  sendJson(ctx.res, 200, userJson(user));
}

const LINK_TYPES = new Set(["signup", "magiclink", "recovery", "invite", "email_change_current", "email_change_new"]);

/** POST /admin/generate_link: stores a one-time token like the e-mail flows, but sends nothing. */
export async function generateLink(ctx: RequestContext): Promise<void> {
  await requireAdmin(ctx);
  const body = await readJsonBody(ctx.req);
  let type = optString(body, "type") ?? "";
  if (!LINK_TYPES.has(type)) {
    throw badRequest("validation_failed", `Invalid email action link type requested: ${type}`);
  }
  const email = validateEmail(optString(body, "email"));
  let password = optString(body, "password") ?? "";
  const data = optObject(body, "data") ?? {};
  const newEmailRaw = optString(body, "new_email");
  const redirectTo = resolveRedirect(
    ctx.services.config,
    optString(body, "redirect_to") ?? ctx.url.searchParams.get("redirect_to"),
  );

  const result = await withTx(ctx.services.pool, async (db) => {
    let user = await findUserByEmail(db, email, true);
    if (!user) {
      if (type === "magiclink") {
        type = "signup";
        password = generatePassword();
      } else if (type === "recovery" || type.startsWith("email_change")) {
        throw notFound("user_not_found", "User with this email not found");
      }
    }
    const otp = generateOtp();
    let hashed = generateTokenHash(email, otp);
    let verificationType = type;
    const set = async (sql: string, params: unknown[]) => db.query(sql, params);

    switch (type) {
      case "magiclink":
      case "recovery": {
        const u = user as LoadedUser;
        await set("update auth.users set recovery_token = $2, recovery_sent_at = now() where id = $1", [u.row.id, hashed]);
        await storeOneTimeToken(db, u.row.id, "recovery_token", hashed, email);
        break;
      }
      case "signup":
      case "invite": {
        if (user?.row.email_confirmed_at) throw emailExists();
        if (!user) {
          if (type === "signup") {
            if (password === "") throw unprocessable("validation_failed", "Signup requires a valid password");
            checkPasswordStrength(ctx.services.config, password);
          }
          user = await insertUser(db, { email, password: type === "signup" ? password : undefined, userMetadata: data });
        } else if (type === "signup") {
          await set("update auth.users set raw_user_meta_data = $2::jsonb where id = $1", [
            user.row.id,
            JSON.stringify(mergeMetadata(user.row.raw_user_meta_data, data)),
          ]);
        }
        await set(
          `update auth.users set confirmation_token = $2, confirmation_sent_at = now()
             ${type === "invite" ? ", invited_at = now()" : ""} where id = $1`,
          [user.row.id, hashed],
        );
        await storeOneTimeToken(db, user.row.id, "confirmation_token", hashed, email);
        break;
      }
      case "email_change_current":
      case "email_change_new": {
        const u = user as LoadedUser;
        const newEmail = validateEmail(newEmailRaw);
        const other = await findUserByEmail(db, newEmail);
        if (other && other.row.id !== u.row.id) throw emailExists();
        const current = type === "email_change_current";
        if (!current) hashed = generateTokenHash(newEmail, otp);
        await set(
          `update auth.users set email_change = $2, email_change_sent_at = now(), email_change_confirm_status = 0,
             ${current ? "email_change_token_current" : "email_change_token_new"} = $3 where id = $1`,
          [u.row.id, newEmail, hashed],
        );
        await storeOneTimeToken(
          db,
          u.row.id,
          current ? "email_change_token_current" : "email_change_token_new",
          hashed,
          current ? email : newEmail,
        );
        verificationType = type;
        break;
      }
    }
    const linkType = type.startsWith("email_change") ? "email_change" : type;
    const loaded = await reloadUser(db, (user as LoadedUser).row.id);
    return {
      ...userJson(loaded),
      action_link: actionLink(ctx.services.config, hashed, linkType, redirectTo),
      email_otp: otp,
      hashed_token: hashed,
      verification_type: verificationType,
      redirect_to: redirectTo,
    };
  });
  sendJson(ctx.res, 200, result);
}

