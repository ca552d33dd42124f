// React side of the in-house i18n: the root feeds the locale, components call `useT()`.
import { createContext, useContext, useMemo, type ReactNode } from "react";
import { createT, DEFAULT_LOCALE, type Locale, type TFunction } from "~/lib/i18n/translate";

interface I18nValue {
  locale: Locale;
  t: TFunction;
}

const I18nContext = createContext<I18nValue>({ locale: DEFAULT_LOCALE, t: createT(DEFAULT_LOCALE) });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => ({ locale, t: createT(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useT(): TFunction {
  return useContext(I18nContext).t;
}

export function useLocale(): Locale {
  return useContext(I18nContext).locale;
}
