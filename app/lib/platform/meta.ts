// Translated <title> and description for route `meta` functions, using the root's locale.
import type { MetaDescriptor } from "@remix-run/node";
import { createT, DEFAULT_LOCALE, isLocale, type MessageKey, type TFunction } from "~/lib/i18n/translate";

interface MatchLike {
  id: string;
  data?: unknown;
}

export function tFromMatches(matches: readonly MatchLike[]): TFunction {
  const root = matches.find((match) => match.id === "root")?.data as { locale?: unknown } | undefined;
  return createT(isLocale(root?.locale) ? root.locale : DEFAULT_LOCALE);
}

export function pageMeta(
  matches: readonly MatchLike[],
  titleKey: MessageKey,
  descriptionKey: MessageKey = "home.meta.description",
): MetaDescriptor[] {
  const t = tFromMatches(matches);
  const title = titleKey === "home.meta.title" ? t(titleKey) : `${t(titleKey)} · ${t("app.shortName")}`;
  return [{ title }, { name: "description", content: t(descriptionKey) }];
}
