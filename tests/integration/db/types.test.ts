// app/lib/platform/database.types.ts must match the schema the migrations build: the vitest stack's database
// (migrations applied by the Supabase CLI) is introspected with the same generator `npm run
// db:types` uses, and any difference fails with the command that fixes it.
import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_TYPES_FILE, generateTypes } from "../../../scripts/db-types.ts";
import { TEST_STACK } from "../../support/test-env.ts";

const client = new pg.Client({ connectionString: TEST_STACK.dbUrl });
beforeAll(() => client.connect());
afterAll(() => client.end());

describe("app/lib/platform/database.types.ts", () => {
  it("matches the migrated schema", async () => {
    const generated = await generateTypes(client);
    const checkedIn = fs.existsSync(DATABASE_TYPES_FILE) ? fs.readFileSync(DATABASE_TYPES_FILE, "utf8") : "";
    expect(checkedIn === generated, "app/lib/platform/database.types.ts is out of date: run npm run db:types").toBe(true);
  });

  it("is deterministic", async () => {
    expect(await generateTypes(client)).toBe(await generateTypes(client));
  });

  it("maps tables, enums, functions and generated columns like the Supabase generator", async () => {
    const generated = await generateTypes(client);
    expect(generated).toContain("export type Database = {");
    expect(generated).toMatch(/\n {6}bookings: \{\n {8}Row: \{\n[\s\S]*? {10}during: string\n/);
    expect(generated).toContain('status: Database["public"]["Enums"]["booking_status"]');
    expect(generated).toContain('service_modes: Database["public"]["Enums"]["service_mode"][]');
    expect(generated).toContain("search_text?: never");
    expect(generated).toContain('referencedRelation: "instruments"');
    expect(generated).toMatch(/request_booking: \{\n {8}Args: \{\n[\s\S]*? {10}p_sample_description\?: string\n/);
    for (const helper of ["Tables", "TablesInsert", "TablesUpdate", "Enums", "CompositeTypes"]) {
      expect(generated).toContain(`export type ${helper}<`);
    }
  });
});
