// @ts-check
// Plain CommonJS so that next.config.js (which Node loads as is) and proxy.ts share one definition.

/**
 * Pages get a per-request, nonce-based Content-Security-Policy from the proxy: no inline script
 * runs without the nonce; 'strict-dynamic' lets the nonce'd Next.js bootstrap load its chunks.
 * React and Tailwind set inline style attributes, which cannot run code, so styles allow them.
 * @param {string} nonce
 * @param {boolean} isDev
 */
function pageContentSecurityPolicy(nonce, isDev) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For responses that are never pages (API routes, the callback receiver): nothing may load or frame them. */
const apiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Sent with every response. */
const commonSecurityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Nothing leaves for other sites; same-origin requests keep their Origin, which CSRF checks rely on.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

module.exports = { pageContentSecurityPolicy, apiContentSecurityPolicy, commonSecurityHeaders };
