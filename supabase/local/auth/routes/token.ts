// POST /token?grant_type=password|refresh_token|pkce
import { type RequestContext, withTx } from "../context.ts";
import { verifyPkce } from "../crypto.ts";
import { AuthError, badRequest, notFound, optString, readJsonBody, sendJson, unprocessable } from "../http.ts";
import { limitClient, overRequestRateLimit } from "../ratelimit.ts";
import { issueSession, refreshSession } from "../sessions.ts";
import { type Db, audit, findUserByEmail, findUserById, isBanned, passwordMatches } from "../users.ts";

/** GOTRUE_EXTERNAL_FLOW_STATE_EXPIRY_DURATION */
const FLOW_STATE_EXPIRY_SECONDS = 300;

export async function token(ctx: RequestContext): Promise<void> {
  const grantType = ctx.url.searchParams.get("grant_type");
  const body = await readJsonBody(ctx.req);
  const { limits } = ctx.services;
  switch (grantType) {
    case "password":
      limitClient(limits.signInSignUps, ctx.clientAddress);
      return sendJson(ctx.res, 200, await passwordGrant(ctx, body));
    case "web3":
      throw unprocessable("web3_provider_disabled", "Web3 provider is disabled");
    case "id_token":
      throw badRequest("provider_disabled", "Provider (issuer \"\") is not enabled");
    case "refresh_token": {
      limitClient(limits.tokenRefresh, ctx.clientAddress);
      const refreshToken = optString(body, "refresh_token") ?? "";
      if (refreshToken === "") throw badRequest("validation_failed", "refresh_token required");
      const session = await withTx(ctx.services.pool, (db) => refreshSession(db, ctx.services, refreshToken));
      if (session instanceof AuthError) throw session;
      return sendJson(ctx.res, 200, session);
    }
    case "pkce":
      limitClient(limits.tokenRefresh, ctx.clientAddress);
      return sendJson(ctx.res, 200, await pkceGrant(ctx, body));
    default:
      throw badRequest("validation_failed", "unsupported_grant_type");
  }
}

async function passwordGrant(ctx: RequestContext, body: Record<string, unknown>) {
  const email = optString(body, "email") ?? "";
  const phone = optString(body, "phone") ?? "";
  const password = optString(body, "password") ?? "";
  if (email !== "" && phone !== "") {
    throw badRequest("validation_failed", "Only an email address or phone number should be provided on login.");
  }
  if (phone !== "") throw unprocessable("phone_provider_disabled", "Phone logins are disabled");
  const invalid = badRequest("invalid_credentials", "Invalid login credentials");
  if (email === "" || password === "") throw invalid;
  // Per account: past the limit of failed attempts, every attempt (the right password too)
  // waits for the window to pass; unknown addresses are counted alike.
  const account = email.trim().toLowerCase();
  const { accountSignIns } = ctx.services.limits;
  if (accountSignIns.blockedFor(account) > 0) throw overRequestRateLimit();
  return withTx(ctx.services.pool, async (db) => {
    const user = await findUserByEmail(db, email);
    if (!user) {
      // The same bcrypt work as a wrong password, so timing does not tell accounts apart.
      await burnPasswordCheck(db, password);
      accountSignIns.record(account);
      throw invalid;
    }
    if (isBanned(user.row)) throw badRequest("user_banned", "User is banned");
    if (!(await passwordMatches(db, user.row.id, password))) {
      accountSignIns.record(account);
      throw invalid;
    }
    if (!user.row.email_confirmed_at) throw badRequest("email_not_confirmed", "Email not confirmed");
    const session = await issueSession(db, ctx.services, user, "password");
    await audit(db, "login", user, { provider: "email" });
    return session;
  });
}

/** A bcrypt hash of the cost auth.users hashes use (gen_salt('bf', 10)), made once. */
let dummyHash: Promise<string> | null = null;

async function burnPasswordCheck(db: Db, password: string): Promise<void> {
  dummyHash ??= db
    .query<{ h: string }>("select extensions.crypt(gen_random_uuid()::text, extensions.gen_salt('bf', 10)) as h")
    .then((r) => r.rows[0]!.h);
  const hash = await dummyHash;
  await db.query("select extensions.crypt($1, $2) = $2 as ok", [password, hash]);
}

interface FlowStateRow {
  id: string;
  user_id: string | null;
  code_challenge_method: "s256" | "plain";
  code_challenge: string;
  authentication_method: string;
  created_at: Date;
  auth_code_issued_at: Date | null;
}

async function pkceGrant(ctx: RequestContext, body: Record<string, unknown>) {
  const authCode = optString(body, "auth_code") ?? "";
  const codeVerifier = optString(body, "code_verifier") ?? "";
  if (authCode === "" || codeVerifier === "") {
    throw badRequest("validation_failed", "invalid request: both auth code and code verifier should be non-empty");
  }
  return withTx(ctx.services.pool, async (db) => {
    const { rows } = await db.query<FlowStateRow>(
      "select * from auth.flow_state where auth_code = $1 for update",
      [authCode],
    );
    const flow = rows[0];
    // An e-mail flow's code is only valid once /verify has issued it.
    if (!flow || !flow.user_id || !flow.auth_code_issued_at) {
      throw notFound("flow_state_not_found", "invalid flow state, no valid flow state found");
    }
    if (flow.auth_code_issued_at.getTime() + FLOW_STATE_EXPIRY_SECONDS * 1000 < Date.now()) {
      throw unprocessable("flow_state_expired", "invalid flow state, flow state has expired");
    }
    const user = await findUserById(db, flow.user_id);
    if (!user) throw notFound("user_not_found", "User not found");
    if (!verifyPkce(flow.code_challenge_method, flow.code_challenge, codeVerifier)) {
      throw badRequest("bad_code_verifier", "code challenge does not match previously saved code verifier");
    }
    if (isBanned(user.row)) throw new AuthError(400, "user_banned", "User is banned");
    const session = await issueSession(db, ctx.services, user, flow.authentication_method);
    await db.query("delete from auth.flow_state where id = $1", [flow.id]);
    await audit(db, "login", user, { provider_type: "email", authentication_method: flow.authentication_method });
    return session;
  });
}
