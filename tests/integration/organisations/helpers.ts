// Organisation functions through supabase-js (the real PostgREST path) and fresh valid credit codes.
import { randomInt } from "node:crypto";
import type { SupabaseClient } from "@supabase/supabase-js";
import { expect } from "vitest";
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from "~/lib/organisations/credit-code";

export interface OrgCall<T> {
  data: T | null;
  /** The stable ORG_* code (PostgREST's `message`) or null. */
  code: string | null;
  status: number;
}

export async function call<T = unknown>(client: SupabaseClient, fn: string, args: Record<string, unknown> = {}): Promise<OrgCall<T>> {
  const { data, error, status } = await client.rpc(fn, args);
  return { data: (data as T | null) ?? null, code: error?.message ?? null, status };
}

export function ok<T>(result: OrgCall<T>): T {
  expect(result.code, `expected success, got ${result.code}`).toBeNull();
  return result.data as T;
}

export function refused(result: OrgCall<unknown>, code: string): void {
  expect(result.code).toBe(code);
  expect(result.status).toBeGreaterThanOrEqual(400);
}

/** A credit code no one has: a company code in Changzhou (9132041…) with random organisation code and the right check character. */
export function newCreditCode(): string {
  const body = "913204" + "1" + String(randomInt(0, 10)) + Array.from({ length: 9 }, () => CREDIT_CODE_ALPHABET[randomInt(0, 31)]).join("");
  return body + creditCodeCheckCharacter(body);
}

/** The same code with a wrong check character. */
export function withWrongCheck(code: string): string {
  const wrong = CREDIT_CODE_ALPHABET[(CREDIT_CODE_ALPHABET.indexOf(code[17]) + 1) % 31];
  return code.slice(0, 17) + wrong;
}

export interface Registration {
  p_name_zh: string;
  p_kind: string;
  p_uscc: string;
  [key: string]: unknown;
}

export function registration(kind = "sme", overrides: Partial<Registration> = {}): Registration {
  return {
    p_name_zh: `测试公司 ${randomInt(0, 1e9)}`,
    p_kind: kind,
    p_uscc: newCreditCode(),
    p_address: "常州市武进区测试路 1 号",
    p_contact_name: "王工",
    p_contact_phone: "0519-8888 0000",
    ...overrides,
  };
}
