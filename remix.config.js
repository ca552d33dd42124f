/**
 * Remix v2 classic compiler (not Vite).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Node 20 imports these ESM-only packages natively; bundle the few whose package layout
  // trips the classic compiler's resolution.
  serverDependenciesToBundle: [/^@react-email\/.*/],
  watchPaths: ["emails/**/*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
