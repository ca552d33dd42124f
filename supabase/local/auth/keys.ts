// The stack's JWT signing keys. With ES256 (the default, as new Supabase projects) the keys live
// in <dataDir>/signing-keys.json in the Supabase CLI's `signing_keys.json` shape: an array of
// private JWKs, the first signs, the others only verify (tokens they signed stay valid until they
// expire or the key is removed). The file is made on first start and kept; the public halves are
// published at /auth/v1/.well-known/jwks.json and handed to PostgREST as its JWKS. With HS256
// (STACK_JWT_ALGORITHM=HS256, older projects) the shared secret signs and verifies.
import { createPrivateKey, createPublicKey, createSecretKey, generateKeyPairSync, randomUUID, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { errors as joseErrors, type JWK } from "jose";
import type { StackConfig } from "../config.ts";

export interface SigningKey {
  alg: "ES256" | "HS256";
  kid: string | undefined;
  key: KeyObject;
}

type PrivateJwk = JWK & { kid: string; alg: "ES256" };

export const SIGNING_KEYS_FILE = "signing-keys.json";

export function signingKeysPath(dataDir: string): string {
  return path.join(dataDir, SIGNING_KEYS_FILE);
}

export function generateSigningJwk(): PrivateJwk {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  return { ...jwk, kid: randomUUID(), alg: "ES256", use: "sig", key_ops: ["sign", "verify"] } as PrivateJwk;
}

function readJwks(file: string): PrivateJwk[] {
  if (!fs.existsSync(file)) return [];
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
  const list = Array.isArray(parsed) ? parsed : ((parsed as { keys?: unknown[] }).keys ?? []);
  return (list as PrivateJwk[]).filter((k) => k.kty === "EC" && k.d && k.kid);
}

function writeJwks(file: string, keys: PrivateJwk[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * Puts a new signing key first; the previous ones keep verifying. Takes effect when the stack
 * (auth server, storage, PostgREST) next starts. Returns the new key id.
 */
export function rotateSigningKeys(dataDir: string, options: { keepPrevious?: number } = {}): string {
  const file = signingKeysPath(dataDir);
  const fresh = generateSigningJwk();
  const previous = readJwks(file).slice(0, options.keepPrevious ?? Infinity);
  writeJwks(file, [fresh, ...previous]);
  return fresh.kid;
}

export class SigningKeys {
  private constructor(
    readonly algorithm: "ES256" | "HS256",
    private readonly keys: SigningKey[],
    private readonly publicJwks: JWK[],
  ) {}

  /** Reads (or, for ES256, creates) the keys for `config`. */
  static load(config: Pick<StackConfig, "jwtAlgorithm" | "jwtSecret" | "dataDir">): SigningKeys {
    if (config.jwtAlgorithm === "HS256") {
      return new SigningKeys("HS256", [{ alg: "HS256", kid: undefined, key: createSecretKey(Buffer.from(config.jwtSecret)) }], []);
    }
    const file = signingKeysPath(config.dataDir);
    let jwks = readJwks(file);
    if (jwks.length === 0) {
      jwks = [generateSigningJwk()];
      writeJwks(file, jwks);
    }
    const keys: SigningKey[] = jwks.map((jwk) => ({ alg: "ES256", kid: jwk.kid, key: createPrivateKey({ key: jwk, format: "jwk" }) }));
    const publicJwks = keys.map((k) => ({
      ...(createPublicKey(k.key).export({ format: "jwk" }) as JWK),
      kid: k.kid,
      alg: "ES256",
      use: "sig",
      key_ops: ["verify"],
    }));
    return new SigningKeys("ES256", keys, publicJwks);
  }

  signing(): SigningKey {
    return this.keys[0]!;
  }

  algorithms(): string[] {
    return [this.algorithm];
  }

  /** The key a token's header names; a token without `kid` is tried against the signing key. */
  verificationKey(header: { alg?: string; kid?: string }): KeyObject {
    if (header.alg !== this.algorithm) return this.keys[0]!.key; // jose refuses the algorithm first
    const found = header.kid ? this.keys.find((k) => k.kid === header.kid) : this.keys[0];
    if (!found) throw new joseErrors.JWKSNoMatchingKey();
    return this.algorithm === "ES256" ? createPublicKey(found.key) : found.key;
  }

  /** The public keys, as /.well-known/jwks.json publishes them (empty with HS256, as GoTrue). */
  jwks(): { keys: JWK[] } {
    return { keys: this.publicJwks };
  }

  /** PostgREST's jwt-secret: the JWKS (PostgREST 12 accepts one) or the HS256 secret. */
  postgrestSecret(secret: string): string {
    return this.algorithm === "ES256" ? JSON.stringify(this.jwks()) : secret;
  }
}
