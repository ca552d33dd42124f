// React side of the in-house i18n: the root feeds the locale, components call `useT()`.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { createT, DEFAULT_LOCALE, hasDictionary, loadDictionary, type Locale, type TFunction } from "~/lib/i18n/translate";

interface I18nValue {
  locale: Locale;
  t: TFunction;
}

const I18nContext = createContext<I18nValue>({ locale: DEFAULT_LOCALE, t: createT(DEFAULT_LOCALE) });

/**
 * The language to show a page in, for the root layout (its `lang`, title and provider). A browser
 * holds only the dictionaries it has loaded: when the language changes without a page load (the
 * switch, signing in as someone who reads the other one), the page stays in the language it has
 * until the other dictionary arrives, then renders again.
 */
export function useShownLocale(locale: Locale): Locale {
  const [shown, setShown] = useState(locale);
  useEffect(() => {
    let current = true;
    if (hasDictionary(locale)) setShown(locale);
    else
      void loadDictionary(locale).then(
        () => current && setShown(locale),
        (error: unknown) => console.error(`Could not load the ${locale} messages`, error),
      );
    return () => {
      current = false;
    };
  }, [locale]);
  return hasDictionary(locale) ? locale : shown;
}

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
