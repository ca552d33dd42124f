// `npm run dev` builds into its own folders (REMIX_BUILD=dev, set by scripts/dev.ts), so a dev
// server rebuilding on every save never overwrites the production build that `npm test`'s
// browser tests and `npm start` serve.
/* global process */
const devBuild = process.env.REMIX_BUILD === "dev";

/**
 * Remix v2 classic compiler (not Vite).
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  serverBuildPath: devBuild ? ".cache/dev-build/index.js" : "build/index.js",
  assetsBuildDirectory: devBuild ? "public/dev-build" : "public/build",
  publicPath: devBuild ? "/dev-build/" : "/build/",
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
