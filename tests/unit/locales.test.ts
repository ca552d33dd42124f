import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EMAIL_LOCALES, emailDictionaries } from "../../emails/i18n";
import { en } from "~/locales/en";
import { zhCN } from "~/locales/zh-CN";
import { formatDateTime } from "~/lib/i18n/format";
import { interpolate, translate } from "~/lib/i18n/translate";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("app dictionaries", () => {
  it("every zh-CN key exists in en and vice versa", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it("no key is defined in two page files (a later spread would silently replace it)", async () => {
    const dir = path.resolve(import.meta.dirname, "../../app/locales/zh-CN");
    const keys: string[] = [];
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
      const module = (await import(path.join(dir, file))) as Record<string, Record<string, string>>;
      for (const dictionary of Object.values(module)) keys.push(...Object.keys(dictionary));
    }
    expect(keys.length).toBeGreaterThan(100);
    expect(keys.length).toBe(new Set(keys).size);
    expect(new Set(keys).size).toBe(Object.keys(zhCN).length);
  });

  it("no message is empty and both languages use the same placeholders", () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(zhCN[key].trim(), key).not.toBe("");
      expect(en[key].trim(), key).not.toBe("");
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
    }
  });
});

describe("e-mail dictionaries", () => {
  it("have the same keys and placeholders in every language", () => {
    const [first, ...rest] = EMAIL_LOCALES.map((locale) => emailDictionaries[locale]);
    for (const other of rest) {
      expect(Object.keys(other).sort()).toEqual(Object.keys(first).sort());
      for (const key of Object.keys(first) as (keyof typeof first)[]) {
        expect(placeholders(other[key]), key).toEqual(placeholders(first[key]));
      }
    }
  });
});

describe("t and dates", () => {
  it("interpolates variables and leaves unknown placeholders", () => {
    expect(translate("en", "home.welcomeBack", { name: "Li" })).toBe("Welcome back, Li.");
    expect(translate("zh-CN", "validation.tooLong", { max: 80 })).toBe("最多 80 个字符。");
    expect(interpolate("{a} {b}", { a: 1 })).toBe("1 {b}");
  });

  it("formats instants in Asia/Shanghai whatever the process time zone", () => {
    // 2026-01-31T16:30Z is 1 February 00:30 in Changzhou.
    const instant = new Date("2026-01-31T16:30:00Z");
    expect(formatDateTime(instant, "en", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" })).toBe(
      "Feb 1, 2026, 00:30",
    );
    expect(formatDateTime(instant, "zh-CN", { year: "numeric", month: "long", day: "numeric" })).toBe(
      "2026年2月1日",
    );
  });
});
