/**
 * The one place that decides what may leave the app in logs and in "Copy diagnostics": secrets are removed
 * everywhere, and log messages lose anything that may be a record's content (quoted text, e-mail
 * addresses), because errors sometimes quote what the user typed.
 */

const REDACTED = '‹redacted›';

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // Device tokens as the sync server issues them.
  [/\bfbd_[A-Za-z0-9_-]+/g, `fbd_${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  // Credentials in a URL: https://user:password@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(?::[^/\s@]*)?@/gi, `$1${REDACTED}@`],
  // key=value pairs whose name says secret, in URLs, env dumps and messages.
  [/\b([A-Za-z_]*(?:token|secret|password|passwd|apikey|api_key|signature|credential)[A-Za-z_]*)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;]+)/gi, `$1$2${REDACTED}`],
  // Hex of 32+ digits (keys, hashes of secrets), and long base64 mixing upper case, lower case and digits
  // (ciphertext, tokens): not paths, words or snake_case names.
  [/\b[0-9a-fA-F]{32,}\b/g, REDACTED],
  [/(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[A-Z])[A-Za-z0-9+/_-]{40,}={0,2}/g, REDACTED],
];

/** Removes secrets: tokens, credentials, keys. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}

const MAX_MESSAGE = 500;

/**
 * For log lines: secrets removed, quoted text and e-mail addresses replaced, one line, bounded length.
 * What remains is the shape of the problem (which call, which error), not what a record holds.
 */
export function scrubLogMessage(text: string): string {
  const oneLine = text.replace(/\s*[\r\n]+\s*/g, ' ⏎ ');
  const withoutQuotes = oneLine
    .replace(/"[^"\n]*"/g, '"…"')
    .replace(/“[^”\n]*”/g, '“…”')
    .replace(/«[^»\n]*»/g, '«…»')
    // Single quotes only around text, not in words like it's: a quote after a non-letter.
    .replace(/(^|[^\p{L}])'[^'\n]*'/gu, "$1'…'")
    .replace(/‘[^’\n]*’/g, '‘…’')
    .replace(/[^\s@<>()"']+@[^\s@<>()"']+\.[A-Za-z]{2,}/g, '‹e-mail›');
  const redacted = redactSecrets(withoutQuotes);
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}…` : redacted;
}

/** Setting names that hold a secret: their values never leave. */
const SECRET_KEY = /token|secret|password|passwd|credential|apikey|api_key/i;
/** Settings that hold record content (the tray's recent account names): only their size leaves. */
const RECORD_KEYS = new Set(['trayRecent']);

/** Settings as a support report may show them. */
export function settingsForSupport(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => {
      if (SECRET_KEY.test(key)) return [key, REDACTED];
      if (RECORD_KEYS.has(key)) return [key, Array.isArray(value) ? `${value.length} entries (not shown)` : '(not shown)'];
      return [key, value];
    }),
  );
}
