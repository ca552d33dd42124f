// Membership with consent (issue 9 part 3): invitations the invitee accepts, join requests an owner
// decides, leaving, roles and ownership; nobody writes organisation_members directly. Through
// supabase-js as real users; each rule also checks what it wrote (members, events, e-mails).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Fixtures } from "../../support/fixtures.ts";
import { createSignedInUser, type TestUser } from "../../support/supabase.ts";
import { call, ok, refused, registration } from "./helpers.ts";

const f = new Fixtures();
afterAll(() => f.end());

interface Org {
  id: string;
  owner: TestUser;
}

async function newOrg(kind = "enterprise"): Promise<Org> {
  const owner = await createSignedInUser({ display_name: `Owner ${randomUUID().slice(0, 4)}` });
  const id = ok(await call<string>(owner.client, "create_organisation", registration(kind)));
  return { id, owner };
}

const members = (org: string) =>
  f.q<{ user_id: string; role: string }>(`select user_id, role from public.organisation_members where organisation_id = $1 order by created_at`, [org]);
const events = (org: string) => f.q<{ kind: string }>(`select kind from public.organisation_events where organisation_id = $1 order by created_at`, [org]);
const mails = (template: string, where: string, params: unknown[]) =>
  f.count("public.email_outbox", `template = '${template}' and ${where}`, params);

/** Someone signed in who is not (yet) a member. */
const outsider = () => createSignedInUser({ display_name: "Outsider" });

describe("direct writes to organisation_members", () => {
  let org: Org;
  let member: TestUser;
  beforeAll(async () => {
    org = await newOrg();
    member = await outsider();
    const invitation = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: member.email }));
    const token = (await f.one<{ token: string }>(`select token from public.organisation_invitations where id = $1`, [invitation])).token;
    ok(await call(member.client, "accept_invitation", { p_token: token }));
  });

  it("are refused for everyone: a user cannot add themselves, an owner cannot add or promote anyone without consent", async () => {
    const stranger = await outsider();
    const self = await stranger.client.from("organisation_members").insert({ organisation_id: org.id, user_id: stranger.id, role: "owner" });
    expect(self.error?.code).toBe("42501");
    const byOwner = await org.owner.client.from("organisation_members").insert({ organisation_id: org.id, user_id: stranger.id, role: "owner" });
    expect(byOwner.error?.code).toBe("42501");
    const promote = await org.owner.client.from("organisation_members").update({ role: "owner" }).match({ organisation_id: org.id, user_id: member.id });
    expect(promote.error?.code).toBe("42501");
    const selfPromote = await member.client.from("organisation_members").update({ role: "owner" }).match({ organisation_id: org.id, user_id: member.id });
    expect(selfPromote.error?.code).toBe("42501");
    const remove = await org.owner.client.from("organisation_members").delete().match({ organisation_id: org.id, user_id: member.id });
    expect(remove.error?.code).toBe("42501");
    expect(await members(org.id)).toEqual([
      { user_id: org.owner.id, role: "owner" },
      { user_id: member.id, role: "member" },
    ]);
  });

  it("a member reads the organisation and its members; an outsider reads neither", async () => {
    const read = await member.client.from("organisations").select("id").eq("id", org.id);
    expect(read.data).toHaveLength(1);
    const colleagues = await member.client.from("organisation_members").select("user_id").eq("organisation_id", org.id);
    expect(colleagues.data).toHaveLength(2);
    const overview = ok(await call<{ members: unknown[]; invitations: unknown[]; my_role: string }>(member.client, "organisation_overview", { p_organisation_id: org.id }));
    expect(overview.members).toHaveLength(2);
    expect(overview.my_role).toBe("member");
    expect(overview.invitations).toEqual([]);

    const stranger = await outsider();
    expect((await stranger.client.from("organisations").select("id").eq("id", org.id)).data).toEqual([]);
    expect((await stranger.client.from("organisation_members").select("user_id").eq("organisation_id", org.id)).data).toEqual([]);
    refused(await call(stranger.client, "organisation_overview", { p_organisation_id: org.id }), "ORG_NOT_FOUND");
    // events and invitations: owners read, members do not
    expect((await member.client.from("organisation_events").select("id").eq("organisation_id", org.id)).data?.length ?? 0).toBe(
      await f.count("public.organisation_events", "organisation_id = $1 and subject_user_id = $2", [org.id, member.id]),
    );
    expect((await org.owner.client.from("organisation_events").select("id").eq("organisation_id", org.id)).data?.length).toBe((await events(org.id)).length);
  });
});

describe("invitations", () => {
  it("the invitee accepts from the link and becomes a member with the invited role; owners are told", async () => {
    const org = await newOrg();
    const invitee = await outsider();
    const id = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: invitee.email.toUpperCase(), p_role: "owner" }));
    const row = await f.one<{ token: string; email: string; status: string }>(`select token, email, status from public.organisation_invitations where id = $1`, [id]);
    expect(row).toMatchObject({ email: invitee.email, status: "pending" });
    const mail = await f.one<{ recipient_id: string; payload: { token: string; has_account: boolean } }>(
      `select recipient_id, payload from public.email_outbox where template = 'organisation_invitation' and recipient_email = $1`,
      [invitee.email],
    );
    expect(mail).toMatchObject({ recipient_id: invitee.id, payload: { token: row.token, has_account: true } });
    // the invitee sees it on their account page
    const mine = ok(await call<{ invitations: { token: string }[] }>(invitee.client, "my_organisation_state"));
    expect(mine.invitations.map((i) => i.token)).toEqual([row.token]);

    expect(ok(await call(invitee.client, "accept_invitation", { p_token: row.token }))).toBe(org.id);
    expect(await members(org.id)).toEqual([
      { user_id: org.owner.id, role: "owner" },
      { user_id: invitee.id, role: "owner" },
    ]);
    expect((await events(org.id)).map((e) => e.kind)).toEqual(["created", "member_invited", "invitation_accepted"]);
    expect(await mails("organisation_membership", "recipient_id = $1", [org.owner.id])).toBe(1);
    refused(await call(invitee.client, "accept_invitation", { p_token: row.token }), "ORG_INVALID_STATE");
  });

  it("someone else's invitation cannot be accepted or declined, even with the token", async () => {
    const org = await newOrg();
    const invitee = await outsider();
    const thief = await outsider();
    const id = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: invitee.email }));
    const { token } = await f.one<{ token: string }>(`select token from public.organisation_invitations where id = $1`, [id]);
    refused(await call(thief.client, "accept_invitation", { p_token: token }), "ORG_INVITATION_NOT_YOURS");
    refused(await call(thief.client, "decline_invitation", { p_token: token }), "ORG_INVITATION_NOT_YOURS");
    refused(await call(thief.client, "accept_invitation", { p_token: randomUUID() }), "ORG_INVITATION_NOT_FOUND");
    expect((await thief.client.from("organisation_invitations").select("id").eq("id", id)).data).toEqual([]);
    expect(await members(org.id)).toHaveLength(1);
    expect((await f.one<{ status: string }>(`select status from public.organisation_invitations where id = $1`, [id])).status).toBe("pending");
  });

  it("an expired invitation cannot be accepted and can be sent again", async () => {
    const org = await newOrg();
    const invitee = await outsider();
    const id = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: invitee.email }));
    const { token } = await f.one<{ token: string }>(
      `update public.organisation_invitations set expires_at = now() - interval '1 minute' where id = $1 returning token`,
      [id],
    );
    refused(await call(invitee.client, "accept_invitation", { p_token: token }), "ORG_INVITATION_EXPIRED");
    expect(await members(org.id)).toHaveLength(1);
    ok(await call(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: invitee.email }));
    expect((await f.one<{ status: string }>(`select status from public.organisation_invitations where id = $1`, [id])).status).toBe("expired");
  });

  it("refuses inviting a member, inviting twice, bad addresses and non-owners", async () => {
    const org = await newOrg();
    const invitee = await outsider();
    refused(await call(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: org.owner.email }), "ORG_ALREADY_MEMBER");
    ok(await call(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: invitee.email }));
    refused(await call(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: invitee.email }), "ORG_INVITATION_EXISTS");
    refused(await call(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: "not-an-address" }), "ORG_INVALID_EMAIL");
    refused(await call(invitee.client, "invite_member", { p_organisation_id: org.id, p_email: "x@example.test" }), "ORG_FORBIDDEN");
    refused(await call(invitee.client, "invite_member", { p_organisation_id: randomUUID(), p_email: "x@example.test" }), "ORG_NOT_FOUND");
    expect(await f.count("public.organisation_invitations", "organisation_id = $1", [org.id])).toBe(1);
  });

  it("an address without an account is sent the sign-up link first, then accepts after signing up", async () => {
    const org = await newOrg();
    const address = `new-${randomUUID().slice(0, 8)}@example.test`;
    const id = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: address }));
    const mail = await f.one<{ recipient_id: string | null; payload: { has_account: boolean } }>(
      `select recipient_id, payload from public.email_outbox where template = 'organisation_invitation' and recipient_email = $1`,
      [address],
    );
    expect(mail).toMatchObject({ recipient_id: null, payload: { has_account: false } });
    expect((await f.one<{ subject_email: string }>(`select subject_email from public.organisation_events where kind = 'member_invited' and organisation_id = $1`, [org.id])).subject_email).toBe(address);
    const { token } = await f.one<{ token: string }>(`select token from public.organisation_invitations where id = $1`, [id]);
    // signs up later with that address
    const { serviceClient, anonClient } = await import("../../support/supabase.ts");
    const created = await serviceClient().auth.admin.createUser({ email: address, password: "pw-new-user-123", email_confirm: true });
    expect(created.error).toBeNull();
    const client = anonClient();
    expect((await client.auth.signInWithPassword({ email: address, password: "pw-new-user-123" })).error).toBeNull();
    ok(await call(client, "accept_invitation", { p_token: token }));
    expect(await members(org.id)).toHaveLength(2);
  });

  it("declined and revoked invitations cannot be used; both are audited", async () => {
    const org = await newOrg();
    const [a, b] = await Promise.all([outsider(), outsider()]);
    const ida = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: a.email }));
    const idb = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: b.email }));
    const tokens = await f.q<{ id: string; token: string }>(`select id, token from public.organisation_invitations where id = any($1::uuid[])`, [[ida, idb]]);
    const tokenOf = (id: string) => tokens.find((t) => t.id === id)!.token;
    ok(await call(a.client, "decline_invitation", { p_token: tokenOf(ida) }));
    refused(await call(a.client, "accept_invitation", { p_token: tokenOf(ida) }), "ORG_INVALID_STATE");
    refused(await call(b.client, "revoke_invitation", { p_invitation_id: idb }), "ORG_INVITATION_NOT_FOUND");
    ok(await call(org.owner.client, "revoke_invitation", { p_invitation_id: idb }));
    refused(await call(b.client, "accept_invitation", { p_token: tokenOf(idb) }), "ORG_INVALID_STATE");
    expect(await members(org.id)).toHaveLength(1);
    expect((await events(org.id)).map((e) => e.kind)).toEqual(["created", "member_invited", "member_invited", "invitation_declined", "invitation_revoked"]);
  });
});

describe("join requests", () => {
  it("find by name or credit code, ask to join; an owner approves; the requester is a member and is told", async () => {
    const org = await newOrg();
    const { uscc, name_zh } = await f.one<{ uscc: string; name_zh: string }>(`select uscc, name_zh from public.organisations where id = $1`, [org.id]);
    const requester = await outsider();
    const byCode = ok(await call<{ id: string }[]>(requester.client, "find_organisations", { p_query: uscc.toLowerCase() }));
    expect(byCode.map((o) => o.id)).toEqual([org.id]);
    const byName = ok(await call<{ id: string }[]>(requester.client, "find_organisations", { p_query: name_zh.slice(-6) }));
    expect(byName.map((o) => o.id)).toContain(org.id);
    refused(await call(requester.client, "find_organisations", { p_query: "x" }), "ORG_INVALID_INPUT");

    const requestId = ok(await call<string>(requester.client, "request_to_join", { p_organisation_id: org.id, p_message: "研发部 李工" }));
    refused(await call(requester.client, "request_to_join", { p_organisation_id: org.id }), "ORG_REQUEST_EXISTS");
    expect(await mails("organisation_join_requested", "recipient_id = $1", [org.owner.id])).toBe(1);
    expect(await members(org.id)).toHaveLength(1);
    // the requester cannot decide their own request
    refused(await call(requester.client, "decide_join_request", { p_request_id: requestId, p_approve: true }), "ORG_FORBIDDEN");
    expect(await members(org.id)).toHaveLength(1);

    ok(await call(org.owner.client, "decide_join_request", { p_request_id: requestId, p_approve: true }));
    expect(await members(org.id)).toEqual([
      { user_id: org.owner.id, role: "owner" },
      { user_id: requester.id, role: "member" },
    ]);
    expect(await mails("organisation_join_decided", "recipient_id = $1", [requester.id])).toBe(1);
    refused(await call(org.owner.client, "decide_join_request", { p_request_id: requestId, p_approve: false, p_reason: "late" }), "ORG_INVALID_STATE");
    refused(await call(requester.client, "request_to_join", { p_organisation_id: org.id }), "ORG_ALREADY_MEMBER");
    // a booking-capable member: the engine books for the organisation
    expect((await f.one<{ organisation_id: string }>(`select organisation_id from public.profiles where id = $1`, [requester.id])).organisation_id).toBe(org.id);
  });

  it("a refusal needs a reason; a member who is not an owner cannot decide; withdrawing works", async () => {
    const org = await newOrg();
    const member = await outsider();
    const inv = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: member.email }));
    ok(await call(member.client, "accept_invitation", { p_token: (await f.one<{ token: string }>(`select token from public.organisation_invitations where id = $1`, [inv])).token }));
    const requester = await outsider();
    const requestId = ok(await call<string>(requester.client, "request_to_join", { p_organisation_id: org.id }));
    refused(await call(member.client, "decide_join_request", { p_request_id: requestId, p_approve: true }), "ORG_REQUEST_NOT_FOUND");
    refused(await call(org.owner.client, "decide_join_request", { p_request_id: requestId, p_approve: false }), "ORG_REASON_REQUIRED");
    ok(await call(org.owner.client, "decide_join_request", { p_request_id: requestId, p_approve: false, p_reason: "不是本公司员工" }));
    expect(await members(org.id)).toHaveLength(2);
    const refusal = await f.one<{ payload: { reason: string; approved: boolean } }>(
      `select payload from public.email_outbox where template = 'organisation_join_decided' and recipient_id = $1`,
      [requester.id],
    );
    expect(refusal.payload).toMatchObject({ reason: "不是本公司员工", approved: false });
    const again = ok(await call<string>(requester.client, "request_to_join", { p_organisation_id: org.id }));
    ok(await call(requester.client, "withdraw_join_request", { p_request_id: again }));
    refused(await call(org.owner.client, "decide_join_request", { p_request_id: again, p_approve: true }), "ORG_INVALID_STATE");
    expect(await members(org.id)).toHaveLength(2);
  });
});

describe("leaving, roles and ownership", () => {
  it("the last owner cannot leave or be demoted; after passing ownership on they can leave", async () => {
    const org = await newOrg();
    const colleague = await outsider();
    const inv = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: colleague.email }));
    ok(await call(colleague.client, "accept_invitation", { p_token: (await f.one<{ token: string }>(`select token from public.organisation_invitations where id = $1`, [inv])).token }));

    refused(await call(org.owner.client, "leave_organisation", { p_organisation_id: org.id }), "ORG_LAST_OWNER");
    refused(await call(org.owner.client, "set_member_role", { p_organisation_id: org.id, p_user_id: org.owner.id, p_role: "member" }), "ORG_LAST_OWNER");
    refused(await call(colleague.client, "transfer_ownership", { p_organisation_id: org.id, p_user_id: colleague.id }), "ORG_FORBIDDEN");
    refused(await call(colleague.client, "set_member_role", { p_organisation_id: org.id, p_user_id: colleague.id, p_role: "owner" }), "ORG_FORBIDDEN");
    refused(await call(colleague.client, "remove_member", { p_organisation_id: org.id, p_user_id: org.owner.id }), "ORG_FORBIDDEN");

    ok(await call(org.owner.client, "transfer_ownership", { p_organisation_id: org.id, p_user_id: colleague.id }));
    expect(await members(org.id)).toEqual([
      { user_id: org.owner.id, role: "member" },
      { user_id: colleague.id, role: "owner" },
    ]);
    expect(await mails("organisation_membership", "recipient_id = $1", [colleague.id])).toBeGreaterThanOrEqual(1);
    ok(await call(org.owner.client, "leave_organisation", { p_organisation_id: org.id }));
    expect(await members(org.id)).toEqual([{ user_id: colleague.id, role: "owner" }]);
    expect((await f.one<{ organisation_id: string | null }>(`select organisation_id from public.profiles where id = $1`, [org.owner.id])).organisation_id).toBeNull();
    refused(await call(org.owner.client, "leave_organisation", { p_organisation_id: org.id }), "ORG_NOT_MEMBER");
    expect((await events(org.id)).map((e) => e.kind).slice(-2)).toEqual(["ownership_transferred", "member_left"]);
  });

  it("owners change roles and remove members; each change is audited and e-mailed to the person", async () => {
    const org = await newOrg();
    const colleague = await outsider();
    const inv = ok(await call<string>(org.owner.client, "invite_member", { p_organisation_id: org.id, p_email: colleague.email }));
    ok(await call(colleague.client, "accept_invitation", { p_token: (await f.one<{ token: string }>(`select token from public.organisation_invitations where id = $1`, [inv])).token }));
    ok(await call(org.owner.client, "set_member_role", { p_organisation_id: org.id, p_user_id: colleague.id, p_role: "owner" }));
    // two owners: either may now step down
    ok(await call(colleague.client, "set_member_role", { p_organisation_id: org.id, p_user_id: colleague.id, p_role: "member" }));
    ok(await call(org.owner.client, "remove_member", { p_organisation_id: org.id, p_user_id: colleague.id }));
    refused(await call(org.owner.client, "remove_member", { p_organisation_id: org.id, p_user_id: colleague.id }), "ORG_NOT_MEMBER");
    refused(await call(org.owner.client, "remove_member", { p_organisation_id: org.id, p_user_id: org.owner.id }), "ORG_INVALID_INPUT");
    expect(await members(org.id)).toEqual([{ user_id: org.owner.id, role: "owner" }]);
    expect((await events(org.id)).map((e) => e.kind).slice(-3)).toEqual(["role_changed", "role_changed", "member_removed"]);
    expect(await mails("organisation_membership", "recipient_id = $1", [colleague.id])).toBe(3);
    // the removed member no longer sees the organisation
    expect((await colleague.client.from("organisations").select("id").eq("id", org.id)).data).toEqual([]);
  });
});
