// auth.users and auth.identities: reading rows and rendering them as Supabase Auth's User JSON.
import { randomUUID } from "node:crypto";
import type pg from "pg";

export type Db = Pick<pg.PoolClient, "query">;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  invited_at: Date | null;
  confirmation_token: string | null;
  confirmation_sent_at: Date | null;
  recovery_token: string | null;
  recovery_sent_at: Date | null;
  email_change_token_new: string | null;
  email_change: string | null;
  email_change_sent_at: Date | null;
  email_change_token_current: string | null;
  email_change_confirm_status: number | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date | null;
  updated_at: Date | null;
  phone: string | null;
  phone_confirmed_at: Date | null;
  confirmed_at: Date | null;
  banned_until: Date | null;
  reauthentication_token: string | null;
  reauthentication_sent_at: Date | null;
  deleted_at: Date | null;
  is_anonymous: boolean;
}

export interface IdentityRow {
  id: string;
  provider_id: string;
  user_id: string;
  identity_data: Record<string, unknown>;
  provider: string;
  last_sign_in_at: Date | null;
  created_at: Date | null;
  updated_at: Date | null;
  email: string | null;
}

export interface LoadedUser {
  row: UserRow;
  identities: IdentityRow[];
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : undefined);

function identityJson(identity: IdentityRow): Record<string, unknown> {
  return dropUndefined({
    identity_id: identity.id,
    id: identity.provider_id,
    user_id: identity.user_id,
    identity_data: identity.identity_data,
    provider: identity.provider,
    last_sign_in_at: iso(identity.last_sign_in_at),
    created_at: iso(identity.created_at),
    updated_at: iso(identity.updated_at),
    email: identity.email ?? undefined,
  });
}

/** The User object exactly as supabase/auth serialises models.User (omitempty fields left out). */
export function userJson(user: LoadedUser): Record<string, unknown> {
  const u = user.row;
  return dropUndefined({
    id: u.id,
    aud: u.aud ?? "",
    role: u.role ?? "",
    email: u.email ?? "",
    email_confirmed_at: iso(u.email_confirmed_at),
    invited_at: iso(u.invited_at),
    phone: u.phone ?? "",
    phone_confirmed_at: iso(u.phone_confirmed_at),
    confirmation_sent_at: iso(u.confirmation_sent_at),
    confirmed_at: iso(u.confirmed_at),
    recovery_sent_at: iso(u.recovery_sent_at),
    new_email: u.email_change || undefined,
    email_change_sent_at: iso(u.email_change_sent_at),
    reauthentication_sent_at: iso(u.reauthentication_sent_at),
    last_sign_in_at: iso(u.last_sign_in_at),
    app_metadata: u.raw_app_meta_data ?? {},
    user_metadata: u.raw_user_meta_data ?? {},
    identities: user.identities.map(identityJson),
    banned_until: iso(u.banned_until),
    created_at: iso(u.created_at),
    updated_at: iso(u.updated_at),
    deleted_at: iso(u.deleted_at),
    is_anonymous: u.is_anonymous,
  });
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID_RE.test(s);

async function withIdentities(db: Db, row: UserRow | undefined): Promise<LoadedUser | null> {
  if (!row) return null;
  const { rows } = await db.query<IdentityRow>(
    "select * from auth.identities where user_id = $1 order by created_at, id",
    [row.id],
  );
  return { row, identities: rows };
}

export async function findUserById(db: Db, id: string, forUpdate = false): Promise<LoadedUser | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query<UserRow>(
    `select * from auth.users where id = $1 ${forUpdate ? "for update" : ""}`,
    [id],
  );
  return withIdentities(db, rows[0]);
}

export async function findUserByEmail(db: Db, email: string, forUpdate = false): Promise<LoadedUser | null> {
  const { rows } = await db.query<UserRow>(
    `select * from auth.users
      where lower(email) = lower($1) and is_sso_user = false and aud = 'authenticated'
      ${forUpdate ? "for update" : ""}`,
    [email],
  );
  return withIdentities(db, rows[0]);
}

export async function reloadUser(db: Db, user: LoadedUser | string): Promise<LoadedUser> {
  const id = typeof user === "string" ? user : user.row.id;
  const loaded = await findUserById(db, id);
  if (!loaded) throw new Error(`user ${id} disappeared`);
  return loaded;
}

export interface NewUser {
  email: string;
  password?: string;
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  confirmed?: boolean;
  invited?: boolean;
  bannedUntil?: Date | null;
  role?: string;
  id?: string;
}

/** Inserts a user with its e-mail identity (as signupNewUser + createNewIdentity do). */
export async function insertUser(db: Db, input: NewUser): Promise<LoadedUser> {
  const id = input.id ?? randomUUID();
  const appMetadata = { ...(input.appMetadata ?? {}), provider: "email", providers: ["email"] };
  await db.query(
    `insert into auth.users (
       instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, invited_at,
       raw_app_meta_data, raw_user_meta_data, is_super_admin, created_at, updated_at,
       confirmation_token, recovery_token, email_change_token_new, email_change,
       banned_until, is_anonymous)
     values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', $2, $3,
       case when $4::text is null then '' else extensions.crypt($4::text, extensions.gen_salt('bf', 10)) end,
       case when $5 then now() end, case when $6 then now() end,
       $7::jsonb, $8::jsonb, false, now(), now(), '', '', '', '', $9, false)`,
    [
      id,
      input.role ?? "authenticated",
      input.email.toLowerCase(),
      input.password ?? null,
      input.confirmed === true,
      input.invited === true,
      JSON.stringify(appMetadata),
      JSON.stringify(input.userMetadata ?? {}),
      input.bannedUntil ?? null,
    ],
  );
  await db.query(
    `insert into auth.identities (provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
     values ($1::text, $1::uuid, $2::jsonb, 'email', now(), now(), now())`,
    [
      id,
      JSON.stringify({
        sub: id,
        email: input.email.toLowerCase(),
        email_verified: input.confirmed === true,
        phone_verified: false,
      }),
    ],
  );
  return reloadUser(db, id);
}

/** Confirms the e-mail address (models.User.Confirm). */
export async function confirmUser(db: Db, userId: string): Promise<void> {
  await db.query(
    `update auth.users set email_confirmed_at = coalesce(email_confirmed_at, now()),
       confirmation_token = '', updated_at = now() where id = $1`,
    [userId],
  );
  await db.query(
    `update auth.identities set identity_data = identity_data || '{"email_verified": true}'::jsonb,
       updated_at = now() where user_id = $1 and provider = 'email'`,
    [userId],
  );
  await db.query(
    "delete from auth.one_time_tokens where user_id = $1 and token_type = 'confirmation_token'",
    [userId],
  );
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.query(
    `update auth.users set encrypted_password = extensions.crypt($2, extensions.gen_salt('bf', 10)),
       updated_at = now() where id = $1`,
    [userId, password],
  );
}

export async function passwordMatches(db: Db, userId: string, password: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `select coalesce(encrypted_password <> '' and encrypted_password = extensions.crypt($2, encrypted_password), false) as ok
       from auth.users where id = $1`,
    [userId, password],
  );
  return rows[0]?.ok === true;
}

/** Merges metadata as supabase/auth does: keys are set, `null` values delete keys. */
export function mergeMetadata(
  current: Record<string, unknown> | null,
  update: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(current ?? {}) };
  for (const [k, v] of Object.entries(update)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  return merged;
}

export function isBanned(row: UserRow): boolean {
  return row.banned_until !== null && row.banned_until.getTime() > Date.now();
}

export async function audit(db: Db, action: string, actor: LoadedUser | null, traits: Record<string, unknown> = {}) {
  await db.query(
    `insert into auth.audit_log_entries (instance_id, id, payload, created_at, ip_address)
     values ('00000000-0000-0000-0000-000000000000', $1, $2::json, now(), '')`,
    [
      randomUUID(),
      JSON.stringify({
        action,
        actor_id: actor?.row.id ?? "00000000-0000-0000-0000-000000000000",
        actor_username: actor?.row.email ?? "",
        actor_via_sso: false,
        log_type: action === "login" || action === "logout" ? "account" : "user",
        traits,
      }),
    ],
  );
}
