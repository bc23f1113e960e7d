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
  // Long runs of letters and digits together: keys, hashes of secrets, ciphertext (not paths or words).
  [/(?=[A-Za-z0-9+_-]*\d)(?=[A-Za-z0-9+_-]*[A-Za-z])[A-Za-z0-9+_-]{40,}={0,2}/g, REDACTED],
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
