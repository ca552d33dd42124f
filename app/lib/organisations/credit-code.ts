// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from the code
// alphabet (digits and upper-case letters without I, O, S, V, Z); the 18th is a check character
// over the first 17. The database checks the same rule (private.uscc_is_valid in
// supabase/migrations/20261202000100_organisations.sql); tests run both on the same examples.

export const CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/** Weight of position i (1-based) is 3^(i−1) mod 31. */
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** Registration authority and kind (2), administrative division (6 digits), organisation code (9), check (1). */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** What a user typed → the form the code is stored in (no spaces, upper case). */
export function normaliseCreditCode(input: string): string {
  return input.replace(/[\s\u3000-]/g, "").toUpperCase();
}

/** The check character for the first 17 characters, or null when one is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Whether the (normalised) code is well-formed and its check character is right. */
export function isValidCreditCode(code: string): boolean {
  return CREDIT_CODE_PATTERN.test(code) && creditCodeCheckCharacter(code.slice(0, 17)) === code[17];
}
