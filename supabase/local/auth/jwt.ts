// Access tokens with Supabase Auth's claims, signed with the stack's signing keys (ES256 by default,
// or the HS256 secret), and their verification.
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { forbidden } from "./http.ts";
import type { SigningKeys } from "./keys.ts";

/** Supabase Auth's default `jwt_expiry` (GOTRUE_JWT_EXP). */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

export interface AmrEntry {
  method: string;
  timestamp: number;
}

export interface AccessClaims extends JWTPayload {
  sub?: string;
  email?: string;
  phone?: string;
  role?: string;
  session_id?: string;
  aal?: string;
  amr?: AmrEntry[];
  app_metadata?: Record<string, unknown>;
  user_metadata?: Record<string, unknown>;
  is_anonymous?: boolean;
}

export interface AccessTokenInput {
  issuer: string;
  userId: string;
  email: string;
  phone: string;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  role: string;
  sessionId: string;
  amr: AmrEntry[];
  isAnonymous: boolean;
}

export class Jwt {
  constructor(
    readonly keys: SigningKeys,
    private readonly ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ) {}

  private header() {
    const { alg, kid } = this.keys.signing();
    return kid ? { alg, kid, typ: "JWT" } : { alg, typ: "JWT" };
  }

  async sign(input: AccessTokenInput, now = Math.floor(Date.now() / 1000)) {
    const exp = now + this.ttlSeconds;
    const claims = {
      iss: input.issuer,
      sub: input.userId,
      aud: "authenticated",
      exp,
      iat: now,
      email: input.email,
      phone: input.phone,
      app_metadata: input.appMetadata,
      user_metadata: input.userMetadata,
      role: input.role,
      aal: "aal1",
      amr: input.amr,
      session_id: input.sessionId,
      is_anonymous: input.isAnonymous,
    };
    const token = await new SignJWT(claims).setProtectedHeader(this.header()).sign(this.keys.signing().key);
    return { token, exp, expiresIn: this.ttlSeconds };
  }

  /**
   * Verifies signature and expiry against the verification keys (the `kid`'s key; with ES256 on,
   * no HS256 token passes) and throws jose's own errors: the storage server reports their
   * messages as Supabase Storage does ('"exp" claim timestamp check failed', …).
   */
  async verifyClaims(token: string): Promise<AccessClaims> {
    const { payload } = await jwtVerify(token, (header) => this.keys.verificationKey(header), {
      algorithms: this.keys.algorithms(),
    });
    return payload as AccessClaims;
  }

  /** Signs arbitrary claims (signed storage URLs, the gateway's role tokens) with the signing key and an `exp`. */
  async signClaims(claims: Record<string, unknown>, expiresInSeconds: number): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader(this.header())
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(this.keys.signing().key);
  }

  /** Verifies signature and expiry; failures are 403 `bad_jwt` as in supabase/auth. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      return await this.verifyClaims(token);
    } catch (e) {
      const reason =
        e instanceof joseErrors.JWTExpired
          ? "token has invalid claims: token is expired"
          : e instanceof joseErrors.JWSSignatureVerificationFailed
            ? "token signature is invalid: signature is invalid"
            : e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JWKSNoMatchingKey
              ? "token signature is invalid: signing method not allowed or key not found"
              : "token is malformed";
      throw forbidden("bad_jwt", `invalid JWT: unable to parse or verify signature, ${reason}`);
    }
  }
}
