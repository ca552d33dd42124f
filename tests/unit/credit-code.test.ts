// The unified social credit code's check character (GB 32100-2015) on published codes. Each valid
// example below was checked with this implementation and by hand against the standard's rule:
// 91350100M000100Y43 (the example code in GB 32100-2015 commentaries and validators),
// 91110000600037341L, 91440300708461136T, 91310000775785552L (codes printed on public business
// licences); the invalid ones are the same codes with another check character.
import { describe, expect, it } from "vitest";
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_WEIGHTS,
  creditCodeCheckCharacter,
  isValidCreditCode,
  normaliseCreditCode,
} from "~/lib/organisations/credit-code";
import { creditCodeSchema, registerOrganisationSchema } from "~/lib/organisations/schemas";

const VALID = ["91350100M000100Y43", "91110000600037341L", "91440300708461136T", "91310000775785552L", "91320412MA1WTP4G09", "1232041246600031X1"];
const WRONG_CHECK = ["91350100M000100Y44", "91350100M000100Y4X", "91110000600037341K", "91440300708461136U", "913100007757855520"];

describe("credit code check character", () => {
  it("has the standard's alphabet (31 characters, no I O S V Z) and weights 3^(i-1) mod 31", () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    expect(CREDIT_CODE_ALPHABET).not.toMatch(/[IOSVZ]/);
    CREDIT_CODE_WEIGHTS.forEach((weight, i) => expect(weight).toBe(3 ** i % 31));
  });

  it.each(VALID)("accepts %s", (code) => {
    expect(isValidCreditCode(code)).toBe(true);
    expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });

  it.each(WRONG_CHECK)("refuses %s (wrong check character)", (code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it("refuses malformed codes: length, letters outside the alphabet, lower case, a non-digit region", () => {
    for (const code of ["", "91350100M000100Y4", "91350100M000100Y433", "9135010OM000100Y43", "91350100m000100y43", "913501A0M000100Y43", "91350100M000100I43"]) {
      expect(isValidCreditCode(code), code).toBe(false);
    }
    expect(creditCodeCheckCharacter("9135010OM000100Y4")).toBeNull();
  });

  it("normalises what people type: spaces, the ideographic space, hyphens, lower case", () => {
    expect(normaliseCreditCode(" 9135 0100-m000100y43\u3000")).toBe("91350100M000100Y43");
  });

  it("the form schema says which problem it is: format or check character", () => {
    expect(creditCodeSchema.safeParse("91350100 m000100y43").data).toBe("91350100M000100Y43");
    expect(creditCodeSchema.safeParse("91350100M000100Y44").error?.issues[0]?.message).toBe("org.validation.creditCodeCheck");
    expect(creditCodeSchema.safeParse("12345").error?.issues[0]?.message).toBe("org.validation.creditCodeFormat");
    expect(creditCodeSchema.safeParse("").error?.issues[0]?.message).toBe("validation.required");
  });

  it("the register form refuses the bureau's kind and accepts a full registration", () => {
    const base = { nameZh: "常州测试有限公司", kind: "sme", uscc: "91350100M000100Y43", address: "常州市天宁区 1 号", contactName: "王工", contactPhone: "0519-8888 0000" };
    expect(registerOrganisationSchema.safeParse(base).success).toBe(true);
    expect(registerOrganisationSchema.safeParse({ ...base, kind: "government" }).success).toBe(false);
    expect(registerOrganisationSchema.safeParse({ ...base, contactPhone: "call me" }).success).toBe(false);
  });
});
