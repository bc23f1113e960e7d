/**
 * The one Content-Security-Policy of the renderer, for every host. Only `connect-src` differs: the browser
 * host's page talks to its WebSocket; the desktop window talks to nothing (its core link is a MessagePort).
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
