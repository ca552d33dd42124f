// Who is signed in, route guards, and the auth operations the routes call.
// Identity comes from `auth.getClaims()`: the access token's signature is checked locally against
// the auth server's JWKS (fetched once and cached), so a page costs no round-trip to the auth
// server. `getSession()`'s unverified contents are never trusted. Pages that show fresh account
// data ask the auth server with `currentAuthUser()` (getUser).
import { redirect } from "@remix-run/node";
import type { EmailOtpType, User } from "@supabase/supabase-js";
import { mapAuthError, type MappedAuthError } from "~/lib/auth/auth-errors";
import { env } from "~/lib/platform/env.server";
import { isUnavailable, serviceBusy } from "~/lib/platform/upstream";
import type { Locale } from "~/lib/i18n/translate";
import { safeRedirect } from "~/lib/platform/safe-redirect";
import { createSupabaseServerClient, type SupabaseClient, type SupabaseContext } from "~/lib/platform/supabase.server";

/** Who is signed in, from the verified access token's claims. */
export interface SessionUser {
  id: string;
  email: string | undefined;
}

export interface AuthContext extends SupabaseContext {
  user: SessionUser | null;
}

export type SignedInContext = AuthContext & { user: SessionUser };

export type AuthResult = { ok: true } | { ok: false; error: MappedAuthError };

export async function getUser(request: Request): Promise<AuthContext> {
  const context = createSupabaseServerClient(request);
  const { data, error } = await context.supabase.auth.getClaims();
  // Auth unreachable or failing (the JWKS or a refresh could not be fetched): say "busy" rather
  // than treat a signed-in user as signed out (which would send them to /login and lose their form).
  if (error && isUnavailable(error)) throw serviceBusy(context.headers);
  const claims = data?.claims;
  if (error || !claims?.sub || claims.role === "anon") {
    // No session, or a token that does not verify: treat as signed out.
    return { ...context, user: null };
  }
  return { ...context, user: { id: claims.sub, email: typeof claims.email === "string" ? claims.email : undefined } };
}

/** The signed-in user as the auth server has it now (one round-trip): for pages that show account data. */
export async function currentAuthUser(supabase: SupabaseClient): Promise<User | null> {
  const { data, error } = await supabase.auth.getUser();
  if (error && isUnavailable(error)) throw serviceBusy();
  return error ? null : data.user;
}

/** The current path and query, for coming back after sign-in. */
function currentPath(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

export function loginPath(redirectTo?: string): string {
  const target = safeRedirect(redirectTo, "");
  return target && target !== "/" ? `/login?${new URLSearchParams({ redirectTo: target })}` : "/login";
}

export async function requireUser(request: Request, options: { redirectTo?: string } = {}): Promise<SignedInContext> {
  const context = await getUser(request);
  if (!context.user) {
    throw redirect(loginPath(options.redirectTo ?? currentPath(request)), { headers: context.headers });
  }
  return context as SignedInContext;
}

export async function requireAnonymous(request: Request, to = "/account"): Promise<AuthContext> {
  const context = await getUser(request);
  if (context.user) throw redirect(to, { headers: context.headers });
  return context;
}

/** `${APP_URL}/path` — the auth server passes it to the Send Email Hook as `redirect_to`. */
export function appUrl(path: string): string {
  return `${env.APP_URL}${safeRedirect(path)}`;
}

function result(error: Parameters<typeof mapAuthError>[0] | null): AuthResult {
  if (!error) return { ok: true };
  const mapped = mapAuthError(error);
  if (mapped.status >= 500) console.error("Auth server error:", error);
  return { ok: false, error: mapped };
}

export async function signUpWithPassword(
  supabase: SupabaseClient,
  input: { email: string; password: string; displayName: string; locale: Locale; next?: string | null },
): Promise<AuthResult> {
  const { error } = await supabase.auth.signUp({
    email: input.email,
    password: input.password,
    options: {
      data: { display_name: input.displayName, locale: input.locale },
      // After confirming: where the sign-up came from (an invitation), else the "your
      // organisation" step, since booking needs one.
      emailRedirectTo: appUrl(input.next || "/onboarding/organisation"),
    },
  });
  return result(error);
}

export async function signInWithPassword(
  supabase: SupabaseClient,
  input: { email: string; password: string },
): Promise<AuthResult> {
  const { error } = await supabase.auth.signInWithPassword(input);
  return result(error);
}

/**
 * Sends a one-time sign-in link to an existing account. The answer is the same whether or not
 * the address is registered, so the form cannot be used to discover accounts.
 */
export async function sendMagicLink(
  supabase: SupabaseClient,
  input: { email: string; next: string },
): Promise<AuthResult> {
  const { error } = await supabase.auth.signInWithOtp({
    email: input.email,
    options: { shouldCreateUser: false, emailRedirectTo: appUrl(input.next) },
  });
  if (error && isUnknownAccount(error)) return { ok: true };
  return result(error);
}

/** Always answers neutrally except for rate limits and outages, so accounts cannot be discovered. */
export async function sendPasswordRecovery(supabase: SupabaseClient, input: { email: string }): Promise<AuthResult> {
  const { error } = await supabase.auth.resetPasswordForEmail(input.email, {
    redirectTo: appUrl("/account/reset-password"),
  });
  if (error && isUnknownAccount(error)) return { ok: true };
  return result(error);
}

function isUnknownAccount(error: { code?: string; status?: number }): boolean {
  return ["otp_disabled", "user_not_found", "signup_disabled", "email_address_not_authorized"].includes(
    error.code ?? "",
  );
}

/** Sends the sign-up confirmation again (POST /resend); neutral for unknown or confirmed addresses. */
export async function resendSignupConfirmation(supabase: SupabaseClient, input: { email: string }): Promise<AuthResult> {
  const { error } = await supabase.auth.resend({
    type: "signup",
    email: input.email,
    options: { emailRedirectTo: appUrl("/account") },
  });
  return result(error);
}

export async function verifyEmailLink(
  supabase: SupabaseClient,
  input: { tokenHash: string; type: EmailOtpType },
): Promise<AuthResult> {
  const { error } = await supabase.auth.verifyOtp({ token_hash: input.tokenHash, type: input.type });
  return result(error);
}

/**
 * Sets a new password. With secure password change on, a session older than a day also needs the
 * nonce that `sendReauthenticationCode` e-mailed (else the error is authError.reauthenticationNeeded).
 */
export async function updatePassword(supabase: SupabaseClient, password: string, nonce?: string): Promise<AuthResult> {
  const { error } = await supabase.auth.updateUser(nonce ? { password, nonce } : { password });
  return result(error);
}

/** E-mails the signed-in user a 6-digit code (GET /reauthenticate) that confirms a password change. */
export async function sendReauthenticationCode(supabase: SupabaseClient): Promise<AuthResult> {
  const { error } = await supabase.auth.reauthenticate();
  return result(error);
}

export async function signOut(supabase: SupabaseClient): Promise<void> {
  // "local": end this browser's session; the cookies are cleared even if the server call fails.
  const { error } = await supabase.auth.signOut({ scope: "local" });
  if (error) console.warn(`Sign-out: ${error.message}`);
}

/** The 6-digit code from the e-mail, for when the link cannot be opened on this device. */
export async function verifyEmailCode(
  supabase: SupabaseClient,
  input: { email: string; code: string; type: "signup" | "magiclink" | "recovery" },
): Promise<AuthResult> {
  const type: EmailOtpType = input.type === "magiclink" ? "email" : input.type;
  const { error } = await supabase.auth.verifyOtp({ email: input.email, token: input.code, type });
  return result(error);
}
