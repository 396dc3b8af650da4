const { apiContentSecurityPolicy, commonSecurityHeaders } = require("./lib/http/security-headers.js");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 and argon2 are native addons: load them from node_modules at run time, never bundle them.
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2"],
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: commonSecurityHeaders },
      // Pages get a nonce-based policy from proxy.ts; API responses never render HTML.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
    ];
  },
};

module.exports = nextConfig;
