// PUT /user: metadata, password and (secure, two-address) e-mail changes.
import { describe, expect, it } from "vitest";
import { latestHookEmail } from "../../support/hook-receiver.ts";
import { TEST_STACK } from "../../support/test-env.ts";
import { anonClient, authFetch, confirmedUser, signedInUser, sql, uniqueEmail } from "./helpers.ts";

describe("PUT /user", () => {
  it("merges user metadata; null removes a key", async () => {
    const { client } = await signedInUser();
    await client.auth.updateUser({ data: { display_name: "Wang", team: "NMR" } });
    const { data, error } = await client.auth.updateUser({ data: { team: null, locale: "en" } });
    expect(error).toBeNull();
    expect(data.user?.user_metadata).toEqual({ display_name: "Wang", locale: "en" });
  });

  it("changes the password, refusing weak and unchanged ones, and ends the user's other sessions", async () => {
    const user = await signedInUser();
    const other = await anonClient().auth.signInWithPassword({ email: user.email, password: user.password });

    const weak = await user.client.auth.updateUser({ password: "123" });
    expect(weak.error).toMatchObject({ status: 422, code: "weak_password" });
    const same = await user.client.auth.updateUser({ password: user.password });
    expect(same.error).toMatchObject({ status: 422, code: "same_password" });

    const changed = await user.client.auth.updateUser({ password: "another-password" });
    expect(changed.error).toBeNull();
    expect((await authFetch("/user", { token: user.session.access_token })).status).toBe(200);
    expect((await authFetch("/user", { token: other.data.session!.access_token })).status).toBe(403);
    const signIn = await anonClient().auth.signInWithPassword({ email: user.email, password: "another-password" });
    expect(signIn.error).toBeNull();
  });

  it("needs a valid session", async () => {
    const res = await authFetch("/user", { method: "PUT", body: { data: { a: 1 } } });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe("no_authorization");
    const anonKey = await authFetch("/user", { method: "PUT", body: { data: { a: 1 } }, token: TEST_STACK.anonKey });
    expect(anonKey.status).toBe(403);
    expect(anonKey.body.code).toBe("bad_jwt");
  });

  it("changes the e-mail address once the new address confirms", async () => {
    const user = await signedInUser();
    const newEmail = uniqueEmail("moved");
    const { data, error } = await user.client.auth.updateUser({ email: newEmail });
    expect(error).toBeNull();
    expect(data.user?.email).toBe(user.email);
    expect(data.user?.new_email).toBe(newEmail);

    const mail = await latestHookEmail(user.email, "email_change");
    const d = mail.email_data;
    expect(mail.user.new_email).toBe(newEmail);
    const [row] = await sql<{ email_change_token_new: string; email_change_token_current: string }>(
      "select email_change_token_new, email_change_token_current from auth.users where id = $1",
      [user.id],
    );
    // token_hash always belongs to the new address (sha224 of new address + its OTP).
    expect(d.token_hash).toBe(row!.email_change_token_new);
    const secure = d.token_hash_new !== "";
    let newAddressOtp = d.token;
    if (secure) {
      // double_confirm_changes = true: token/token_hash_new are the current address's.
      expect(d.token_hash_new).toBe(row!.email_change_token_current);
      newAddressOtp = d.token_new;
      const first = await anonClient().auth.verifyOtp({ type: "email_change", token_hash: d.token_hash_new });
      expect(first.error).toBeNull();
      expect(first.data.session).toBeNull();
    } else {
      // This project's config.toml: double_confirm_changes = false, only the new address confirms.
      expect(d.token_new).toBe("");
      expect(row!.email_change_token_current).toBe("");
    }
    const [mid] = await sql<{ email: string }>("select email from auth.users where id = $1", [user.id]);
    expect(mid!.email).toBe(user.email);

    const confirmed = await anonClient().auth.verifyOtp({ type: "email_change", email: newEmail, token: newAddressOtp });
    expect(confirmed.error).toBeNull();
    expect(confirmed.data.user?.email).toBe(newEmail);
    const signIn = await anonClient().auth.signInWithPassword({ email: newEmail, password: user.password });
    expect(signIn.error).toBeNull();
    const [identity] = await sql<{ email: string }>("select email from auth.identities where user_id = $1", [user.id]);
    expect(identity!.email).toBe(newEmail);
  });

  it("refuses an address another user has", async () => {
    const user = await signedInUser();
    const taken = await confirmedUser();
    const { error } = await user.client.auth.updateUser({ email: taken.email });
    expect(error).toMatchObject({ status: 422, code: "email_exists" });
  });
});
