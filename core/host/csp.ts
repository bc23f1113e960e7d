/**
 * The one Content-Security-Policy of the renderer, for every host: sent as a header by the browser host and
 * the Electron session, and written into index.html at build time. `connect-src 'self'` lets the browser
 * host's page reach its own WebSocket; the desktop window reaches nothing (its core link is a MessagePort).
 */
export function contentSecurityPolicy(connectSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
  ].join('; ');
}
