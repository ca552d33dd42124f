// Token material as supabase/auth makes it: 6-digit e-mail OTPs, the sha224 token hash stored in
// auth.users, random refresh tokens and auth codes, and PKCE challenge checks.
import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export const PKCE_PREFIX = "pkce_";
export const OTP_LENGTH = 6;

export function generateOtp(length = OTP_LENGTH): string {
  let otp = "";
  for (let i = 0; i < length; i++) otp += randomInt(0, 10).toString();
  return otp;
}

/** crypto.GenerateTokenHash: hex sha224 of the address followed by the OTP. */
export function generateTokenHash(emailOrPhone: string, otp: string): string {
  return createHash("sha224").update(emailOrPhone + otp).digest("hex");
}

/** A refresh token: short, URL-safe, random (Supabase's are 12 characters). */
export function generateRefreshToken(): string {
  return randomBytes(9).toString("base64url");
}

export function generateAuthCode(): string {
  return randomBytes(16).toString("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
}

/** Random password for users created without one (magic link, invite). */
export function generatePassword(): string {
  return randomBytes(48).toString("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

export function verifyPkce(method: "s256" | "plain", challenge: string, verifier: string): boolean {
  if (method === "plain") return safeEqual(challenge, verifier);
  const hashed = createHash("sha256").update(verifier).digest("base64url");
  return safeEqual(challenge.replace(/=+$/, ""), hashed);
}
