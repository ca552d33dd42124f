// Tokens signed with the test stack's own signing key (ES256, <dataDir>/signing-keys.json), for
// tests that need a validly signed token with chosen claims (expired, another role).
import fs from "node:fs";
import path from "node:path";
import { type JWTPayload, SignJWT } from "jose";
import { createPrivateKey } from "node:crypto";
import { ROOT_DIR } from "../../supabase/local/config.ts";
import { signingKeysPath } from "../../supabase/local/auth/keys.ts";
import { TEST_STACK } from "./test-env.ts";

export function stackSigningJwk(dataDir: string = TEST_STACK.dataDir): { kid: string } & Record<string, unknown> {
  const keys = JSON.parse(fs.readFileSync(signingKeysPath(path.resolve(ROOT_DIR, dataDir)), "utf8")) as ({ kid: string } & Record<string, unknown>)[];
  return keys[0]!;
}

/** Signs `claims` as the test stack's auth server would (ES256, its current kid). */
export async function signWithStackKey(claims: JWTPayload, dataDir?: string): Promise<string> {
  const jwk = stackSigningJwk(dataDir);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: jwk.kid, typ: "JWT" })
    .sign(createPrivateKey({ key: jwk as never, format: "jwk" }));
}
