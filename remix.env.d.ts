/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />

export {};

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The CSP nonce of this response (server/index.ts), for Remix's inline scripts. */
    cspNonce?: string;
  }
}
