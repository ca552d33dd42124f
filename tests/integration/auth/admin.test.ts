// The admin API through supabase-js's auth.admin, and who may call it.
import { describe, expect, it } from "vitest";
import { hookEmails, latestHookEmail } from "../../support/hook-receiver.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, authFetch, serviceClient, signedInUser, sql, uniqueEmail } from "./helpers.ts";

describe("admin users", () => {
  it("creates, reads, updates, bans and deletes a user", async () => {
    const admin = serviceClient().auth.admin;
    const email = uniqueEmail("admin");
    const created = await admin.createUser({
      email,
      password: "admin-made-pw",
      email_confirm: true,
      user_metadata: { display_name: "Chen" },
      app_metadata: { staff: true },
    });
    expect(created.error).toBeNull();
    const user = created.data.user!;
    expect(user.email_confirmed_at).toBeTruthy();
    expect(user.app_metadata).toEqual({ provider: "email", providers: ["email"], staff: true });
    expect(await hookEmails(email)).toEqual([]);

    const duplicate = await admin.createUser({ email, password: "admin-made-pw" });
    expect(duplicate.error).toMatchObject({ status: 422, code: "email_exists" });

    const fetched = await admin.getUserById(user.id);
    expect(fetched.data.user?.user_metadata).toEqual({ display_name: "Chen" });

    const updated = await admin.updateUserById(user.id, {
      user_metadata: { locale: "en" },
      app_metadata: { staff: null, lab: "nmr" },
      ban_duration: "24h",
    });
    expect(updated.error).toBeNull();
    expect(updated.data.user?.user_metadata).toEqual({ display_name: "Chen", locale: "en" });
    expect(updated.data.user?.app_metadata).toEqual({ provider: "email", providers: ["email"], lab: "nmr" });
    expect(new Date(updated.data.user!.banned_until!).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const banned = await anonClient().auth.signInWithPassword({ email, password: "admin-made-pw" });
    expect(banned.error).toMatchObject({ code: "user_banned" });
    await admin.updateUserById(user.id, { ban_duration: "none" });
    expect((await anonClient().auth.signInWithPassword({ email, password: "admin-made-pw" })).error).toBeNull();

    const deleted = await admin.deleteUser(user.id);
    expect(deleted.error).toBeNull();
    expect(await sql("select 1 from auth.users where id = $1", [user.id])).toEqual([]);
    expect(await sql("select 1 from public.profiles where id = $1", [user.id])).toEqual([]);
    const missing = await admin.getUserById(user.id);
    expect(missing.error).toMatchObject({ status: 404, code: "user_not_found" });
  });

  it("lists users with pagination headers", async () => {
    const admin = serviceClient().auth.admin;
    await admin.createUser({ email: uniqueEmail("list"), password: "list-password" });
    await admin.createUser({ email: uniqueEmail("list"), password: "list-password" });
    const { data, error } = await admin.listUsers({ page: 1, perPage: 1 });
    expect(error).toBeNull();
    if (!("total" in data)) throw new Error("listUsers returned no pagination");
    expect(data.users).toHaveLength(1);
    expect(data.total).toBeGreaterThanOrEqual(2);
    expect(data.nextPage).toBe(2);

    const raw = await authFetch("/admin/users?page=1&per_page=1", {
      key: TEST_STACK.serviceRoleKey,
      token: TEST_STACK.serviceRoleKey,
    });
    expect(raw.body.aud).toBe("authenticated");
    expect(Number(raw.headers.get("x-total-count"))).toBeGreaterThanOrEqual(2);
    expect(raw.headers.get("link")).toMatch(/<[^>]*\/admin\/users\?page=2&per_page=1>; rel="next"/);
  });

  it("refuses callers without the service role: not_admin", async () => {
    const anon = await anonClient().auth.admin.listUsers();
    expect(anon.error).toMatchObject({ status: 403, code: "not_admin", message: "User not allowed" });

    const { session } = await signedInUser();
    const asUser = await authFetch("/admin/users", { key: TEST_STACK.serviceRoleKey, token: session.access_token });
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe("not_admin");

    const serviceTokenAnonKey = await authFetch("/admin/users", {
      method: "POST",
      body: { email: uniqueEmail("sneaky"), password: "sneaky-password" },
      key: TEST_STACK.anonKey,
      token: TEST_STACK.serviceRoleKey,
    });
    expect(serviceTokenAnonKey.status).toBe(403);
    expect(serviceTokenAnonKey.body.code).toBe("not_admin");
  });
});

describe("admin generate_link", () => {
  it("makes magic-link, recovery, signup and invite links without sending mail", async () => {
    const admin = serviceClient().auth.admin;
    const email = uniqueEmail("gen");

    const signup = await admin.generateLink({ type: "signup", email, password: "gen-password" });
    expect(signup.error).toBeNull();
    expect(signup.data.user?.email).toBe(email);
    const props = signup.data.properties!;
    expect(props.verification_type).toBe("signup");
    expect(props.email_otp).toMatch(/^\d{6}$/);
    expect(props.action_link).toBe(
      `${TEST_STACK.apiUrl}/auth/v1/verify?token=${props.hashed_token}&type=signup&redirect_to=${encodeURIComponent(TEST_STACK.siteUrl)}`,
    );
    expect(props.redirect_to).toBe(TEST_STACK.siteUrl);
    const confirmed = await anonClient().auth.verifyOtp({ type: "signup", token_hash: props.hashed_token });
    expect(confirmed.error).toBeNull();

    const magic = await admin.generateLink({ type: "magiclink", email });
    const byCode = await anonClient().auth.verifyOtp({ type: "email", email, token: magic.data.properties!.email_otp });
    expect(byCode.error).toBeNull();

    const recovery = await admin.generateLink({
      type: "recovery",
      email,
      options: { redirectTo: `${TEST_STACK.siteUrl}/reset` },
    });
    expect(recovery.data.properties?.redirect_to).toBe(`${TEST_STACK.siteUrl}/reset`);
    const link = await fetch(recovery.data.properties!.action_link, { redirect: "manual" });
    expect(link.headers.get("location")).toMatch(new RegExp(`^${TEST_STACK.siteUrl}/reset#access_token=`));

    const unknownRecovery = await admin.generateLink({ type: "recovery", email: uniqueEmail("ghost") });
    expect(unknownRecovery.error).toMatchObject({ status: 404, code: "user_not_found" });

    const invited = uniqueEmail("invited");
    const invite = await admin.generateLink({ type: "invite", email: invited });
    expect(invite.data.user?.invited_at).toBeTruthy();
    const accepted = await anonClient().auth.verifyOtp({ type: "invite", token_hash: invite.data.properties!.hashed_token });
    expect(accepted.error).toBeNull();
    expect(await hookEmails(email)).toEqual([]);
    expect(await hookEmails(invited)).toEqual([]);
  });

  it("inviteUserByEmail sends an invite e-mail", async () => {
    const email = uniqueEmail("inv");
    const { data, error } = await serviceClient().auth.admin.inviteUserByEmail(email, { data: { display_name: "Guest" } });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(email);
    const mail = await latestHookEmail(email, "invite");
    const accepted = await anonClient().auth.verifyOtp({ type: "invite", token_hash: mail.email_data.token_hash });
    expect(accepted.error).toBeNull();
    expect(accepted.data.user?.user_metadata).toEqual({ display_name: "Guest" });
  });
});
