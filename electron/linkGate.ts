/**
 * The one gatekeeper for opening external links (DESIGN.md §6). Every path that could hand a URL to the
 * operating system (window.open, link clicks, menu entries) goes through `openExternalSafely`.
 */
import { shell } from 'electron';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Pure decision: only an absolute `https:` URL with a host and no credentials may leave the app. */
export function isSafeExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  // No trimming: a URL with surrounding whitespace or control characters was not produced by us.
  if (url.length === 0 || url.length > 2048 || /[\s\\]/.test(url) || hasControlCharacter(url)) return false;
  // Scheme must be written exactly `https://`: mixed case or protocol-relative (`//host/share`) forms are refused.
  if (!url.startsWith('https://')) return false;
  // The authority as written: WHATWG parsing would turn `https:///path` into host "path", so check the raw text.
  const authority = url.slice('https://'.length).split(/[/?#]/, 1)[0] ?? '';
  if (authority.length === 0 || authority.includes('@')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  if (parsed.hostname.length === 0) return false;
  // Credentials in a link are a phishing device (https://bank.example@evil.example); also refused above.
  if (parsed.username !== '' || parsed.password !== '') return false;
  return true;
}

export interface LinkGateResult {
  opened: boolean;
}

/** Opens `url` in the user's browser if, and only if, `isSafeExternalUrl` accepts it. Never throws. */
export async function openExternalSafely(url: unknown): Promise<LinkGateResult> {
  if (!isSafeExternalUrl(url)) return { opened: false };
  try {
    await shell.openExternal(url as string, { activate: true });
    return { opened: true };
  } catch {
    return { opened: false };
  }
}
