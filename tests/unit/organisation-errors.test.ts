import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mapOrganisationError, ORGANISATION_ERROR_CODES } from "~/lib/organisations/errors";
import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";

const MIGRATION = path.resolve(import.meta.dirname, "../../supabase/migrations/20261202000100_organisations.sql");

/** The codes listed in the migration's comment block (public.organisation_error_codes). */
function documentedCodes(sql: string): string[] {
  const start = sql.indexOf("public.organisation_error_codes");
  expect(start).toBeGreaterThan(0);
  const codes: string[] = [];
  for (const line of sql.slice(start).split("\n").slice(1)) {
    if (!line.startsWith("--")) break;
    const match = /^--\s{3}(ORG_[A-Z_]+)\s/.exec(line);
    if (match) codes.push(match[1]);
  }
  return codes;
}

describe("organisation error codes", () => {
  const sql = fs.readFileSync(MIGRATION, "utf8");

  it("are exactly the codes the migration documents, and every raised code is documented", () => {
    const documented = documentedCodes(sql);
    expect([...ORGANISATION_ERROR_CODES].sort()).toEqual([...documented].sort());
    const raised = new Set([...sql.matchAll(/raise exception '(ORG_[A-Z_]+)'/g)].map((m) => m[1]));
    expect([...raised].sort()).toEqual([...documented].sort());
  });

  it("each has a zh-CN and an en message, different from each other", () => {
    for (const code of ORGANISATION_ERROR_CODES) {
      const { message } = mapOrganisationError({ message: code });
      expect(zhCN[message], code).toBeTruthy();
      expect(en[message], code).toBeTruthy();
      expect(zhCN[message]).not.toBe(en[message]);
    }
  });

  it("maps unknown errors to a 500 and outages to a 503", () => {
    expect(mapOrganisationError({ message: "boom" })).toMatchObject({ code: null, status: 500 });
    expect(mapOrganisationError({ message: "fetch failed" })).toMatchObject({ code: null, status: 503 });
    expect(mapOrganisationError({ message: "ORG_CREDIT_CODE_TAKEN" })).toMatchObject({ field: "uscc", status: 409 });
  });
});
