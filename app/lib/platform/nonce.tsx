// The CSP nonce of the response being rendered (server/guards.ts makes one per response), so that
// Remix's inline scripts are allowed by `script-src 'nonce-…'`. Browsers hide the attribute from
// scripts, so on the client the value is empty and only the server's markup carries it.
import { createContext, useContext } from "react";

const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
