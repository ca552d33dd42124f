// One shared look for every e-mail: inline styles, since mail clients ignore stylesheets.
import type { CSSProperties } from "react";

export const colors = {
  brand: "#0b5cad",
  brandDark: "#084782",
  text: "#1f2933",
  muted: "#52606d",
  border: "#d9e2ec",
  background: "#f4f6f8",
  surface: "#ffffff",
  codeBackground: "#eef4fb",
};

export const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif';

export const styles = {
  body: { backgroundColor: colors.background, fontFamily, color: colors.text, margin: 0, padding: "24px 0" },
  container: {
    backgroundColor: colors.surface,
    border: `1px solid ${colors.border}`,
    borderRadius: "8px",
    maxWidth: "560px",
    margin: "0 auto",
    padding: "0",
  },
  header: { backgroundColor: colors.brand, borderRadius: "8px 8px 0 0", padding: "16px 32px" },
  brand: { color: "#ffffff", fontSize: "16px", fontWeight: 600, margin: 0 },
  content: { padding: "8px 32px 24px" },
  heading: { fontSize: "22px", lineHeight: "30px", fontWeight: 700, margin: "24px 0 12px", color: colors.text },
  paragraph: { fontSize: "15px", lineHeight: "24px", margin: "0 0 16px", color: colors.text },
  buttonSection: { margin: "24px 0" },
  button: {
    backgroundColor: colors.brand,
    borderRadius: "6px",
    color: "#ffffff",
    fontSize: "16px",
    fontWeight: 600,
    padding: "12px 24px",
    textDecoration: "none",
    display: "inline-block",
  },
  codeLabel: { fontSize: "13px", color: colors.muted, margin: "0 0 4px" },
  code: {
    backgroundColor: colors.codeBackground,
    borderRadius: "6px",
    display: "inline-block",
    fontFamily: '"SFMono-Regular", Menlo, Consolas, monospace',
    fontSize: "28px",
    fontWeight: 700,
    letterSpacing: "6px",
    padding: "8px 16px",
    margin: "0 0 8px",
    color: colors.text,
  },
  small: { fontSize: "13px", lineHeight: "20px", color: colors.muted, margin: "0 0 8px" },
  link: { color: colors.brand, wordBreak: "break-all" },
  hr: { borderColor: colors.border, margin: "24px 0 16px" },
  footer: { padding: "0 32px 24px" },
  details: { border: `1px solid ${colors.border}`, borderRadius: "6px", padding: "4px 16px", margin: "8px 0 16px" },
  detailLabel: { fontSize: "13px", lineHeight: "20px", color: colors.muted, margin: "8px 0 0", width: "34%", verticalAlign: "top" },
  detailValue: { fontSize: "14px", lineHeight: "20px", color: colors.text, margin: "8px 0 0", verticalAlign: "top" },
  reason: {
    backgroundColor: colors.codeBackground,
    borderLeft: `4px solid ${colors.brand}`,
    borderRadius: "4px",
    padding: "8px 16px",
    margin: "0 0 16px",
  },
} satisfies Record<string, CSSProperties>;
