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
      // Pages get a nonce-based policy from proxy.ts; API responses never render HTML, and carry
      // contacts or their log: no shared or browser cache may keep them.
      {
        source: "/api/:path*",
        headers: [
          { key: "Content-Security-Policy", value: apiContentSecurityPolicy },
          { key: "Cache-Control", value: "no-store" },
        ],
      },
      // What the proxy does not see (static files, the icon) gets the strictest policy: none of it is a page.
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
      { source: "/_next/image", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
      { source: "/favicon.ico", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
      { source: "/icon.svg", headers: [{ key: "Content-Security-Policy", value: apiContentSecurityPolicy }] },
    ];
  },
};

module.exports = nextConfig;
