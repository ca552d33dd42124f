// Roles in the app (issue 8): public.current_user_context() tells the root loader and the guards
// who the caller is to the network in one call, and requireLabStaff / requireBureau answer 404 to
// everyone else. Real stack, real sessions (the @supabase/ssr cookie the app reads).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as RolesServer from "~/lib/auth/roles.server";
import { signedInRequest, useTestStackEnv } from "../../support/app-env.ts";
import { Fixtures, type Engineer, type LabWorld } from "../../support/fixtures.ts";
import { anonClient, type TestUser } from "../../support/supabase.ts";

const fx = new Fixtures();
let roles: typeof RolesServer;
let lab: LabWorld;
let otherLab: LabWorld;
let engineer: Engineer;
let analyst: TestUser;
let admin: TestUser;

beforeAll(async () => {
  useTestStackEnv();
  roles = await import("~/lib/auth/roles.server");
  [lab, otherLab, engineer, analyst, admin] = await Promise.all([
    fx.labWorld(),
    fx.labWorld(),
    fx.engineer(),
    fx.bureau("analyst"),
    fx.bureau("admin"),
  ]);
  // The other lab's manager also works in the first lab as a technician.
  await fx.q(`insert into public.lab_members (lab_id, user_id, role) values ($1, $2, 'technician')`, [lab.labId, otherLab.manager.id]);
});

afterAll(() => fx.end());

/** Runs a guard and returns its result, or the HTTP status it threw. */
async function guard<T>(run: () => Promise<T>): Promise<T | number> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("current_user_context()", () => {
  it("gives lab staff their labs and roles, the bureau its role, and others neither", async () => {
    const manager = await roles.getUserContext(lab.manager.client);
    expect(manager?.bureauRole).toBeNull();
    expect(manager?.labs.map((l) => [l.id, l.role])).toEqual([[lab.labId, "manager"]]);

    const both = await roles.getUserContext(otherLab.manager.client);
    expect(new Map(both?.labs.map((l) => [l.id, l.role]))).toEqual(
      new Map([
        [lab.labId, "technician"],
        [otherLab.labId, "manager"],
      ]),
    );

    expect(await roles.getUserContext(analyst.client)).toMatchObject({ bureauRole: "analyst", labs: [] });
    expect(await roles.getUserContext(admin.client)).toMatchObject({ bureauRole: "admin", labs: [] });
    expect(await roles.getUserContext(engineer.client)).toMatchObject({ displayName: "Engineer", bureauRole: null, labs: [] });
  });

  it("answers nothing to visitors", async () => {
    const { data, error } = await anonClient().rpc("current_user_context");
    expect(data).toBeNull();
    expect(error?.code).toBe("42501");
  });
});

describe("requireLabStaff", () => {
  const url = "http://localhost:3000/lab";

  it("lets the lab's staff in, with their labs", async () => {
    const result = await guard(async () => roles.requireLabStaff(await signedInRequest(url, lab.technician), lab.labId));
    expect(result).toMatchObject({ lab: { id: lab.labId, role: "technician" } });
  });

  it("answers 404 to staff of another lab, to SME engineers and to the bureau", async () => {
    for (const user of [otherLab.technician, engineer, analyst]) {
      expect(await guard(async () => roles.requireLabStaff(await signedInRequest(url, user), lab.labId))).toBe(404);
    }
    expect(await guard(async () => roles.requireLabStaff(await signedInRequest(url, engineer)))).toBe(404);
  });

  it("keeps manager pages to managers", async () => {
    expect(await guard(async () => roles.requireLabStaff(await signedInRequest(url, lab.technician), lab.labId, "manager"))).toBe(404);
    expect(await guard(async () => roles.requireLabStaff(await signedInRequest(url, lab.manager), lab.labId, "manager"))).toMatchObject({
      lab: { role: "manager" },
    });
    // A manager elsewhere is only a technician here.
    expect(await guard(async () => roles.requireLabStaff(await signedInRequest(url, otherLab.manager), lab.labId, "manager"))).toBe(404);
  });

  it("sends visitors to sign in", async () => {
    const result = await guard(() => roles.requireLabStaff(new Request(url), lab.labId));
    expect(result).toBe(302);
  });
});

describe("requireBureau", () => {
  const url = "http://localhost:3000/bureau";

  it("lets bureau staff in; admin pages only admins", async () => {
    expect(await guard(async () => roles.requireBureau(await signedInRequest(url, analyst)))).toMatchObject({ bureauRole: "analyst" });
    expect(await guard(async () => roles.requireBureau(await signedInRequest(url, analyst), "admin"))).toBe(404);
    expect(await guard(async () => roles.requireBureau(await signedInRequest(url, admin), "admin"))).toMatchObject({ bureauRole: "admin" });
  });

  it("answers 404 to lab staff and engineers", async () => {
    for (const user of [lab.manager, engineer]) {
      expect(await guard(async () => roles.requireBureau(await signedInRequest(url, user)))).toBe(404);
    }
  });
});
