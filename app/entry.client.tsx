// The browser entry: Remix's default, except that the reader's dictionary (the only one this
// browser gets) is loaded before hydration, so the first render matches the server's HTML.
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { DEFAULT_LOCALE, isLocale, loadDictionary } from "~/lib/i18n/translate";

const lang = document.documentElement.lang;

void loadDictionary(isLocale(lang) ? lang : DEFAULT_LOCALE).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    );
  });
});
