import { describe, expect, it } from "vitest";
import { pathFromAppUrl, safeRedirect } from "~/lib/platform/safe-redirect";

describe("safeRedirect", () => {
  it("keeps same-origin relative paths with query and hash", () => {
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("/instruments?q=sem&page=2#top")).toBe("/instruments?q=sem&page=2#top");
  });

  it("falls back for anything that could leave the site", () => {
    const hostile = [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      " //evil.example",
      "/%5C%5Cevil.example",
      // Dot segments that normalise to a protocol-relative URL (issue 12).
      "/.//evil.example",
      "/..//evil.example",
      "/%2e%2e//evil.example",
      "/%2E//evil.example",
      "/a/..//evil.example",
      "/././/evil.example/path?x=1",
    ];
    for (const to of hostile) {
      const result = safeRedirect(to, "/fallback");
      expect(result.startsWith("//"), to).toBe(false);
      expect(new URL(result, "http://app.test").origin, to).toBe("http://app.test");
    }
    expect(safeRedirect("https://evil.example/")).toBe("/");
    expect(safeRedirect("//evil.example", "/home")).toBe("/home");
    expect(safeRedirect("/.//evil.example", "/home")).toBe("/home");
  });

  it("falls back for missing values and non-strings", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/x")).toBe("/x");
    expect(safeRedirect(new File([], "a") as unknown as string)).toBe("/");
    expect(safeRedirect("/" + "a".repeat(3000))).toBe("/");
  });

  it("normalises dot segments without leaving the origin", () => {
    expect(safeRedirect("/a/../account")).toBe("/account");
    expect(safeRedirect("/../../etc")).toBe("/etc");
  });
});

describe("pathFromAppUrl", () => {
  const app = "http://localhost:3000";

  it("turns an absolute URL on the app into a path", () => {
    expect(pathFromAppUrl("http://localhost:3000/account?tab=1", app)).toBe("/account?tab=1");
  });

  it("ignores other origins and empty values", () => {
    expect(pathFromAppUrl("https://evil.example/account", app, "/")).toBe("/");
    expect(pathFromAppUrl("http://localhost:4000/account", app, "/x")).toBe("/x");
    expect(pathFromAppUrl("", app, "/y")).toBe("/y");
    expect(pathFromAppUrl(undefined, app)).toBe("/");
  });
});
