/** What the platform check reads; `navigator` in the app, a stand-in in tests. */
export type PlatformHints = Pick<Navigator, 'platform' | 'userAgent'>;

function currentNavigator(): PlatformHints | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator;
}

/** macOS (or another Apple platform), where shortcuts use ⌘ rather than Ctrl. */
export function isMac(hints: PlatformHints | undefined = currentNavigator()): boolean {
  if (!hints) return false;
  return /mac|iphone|ipad|ipod/i.test(hints.platform) || /mac os x|macintosh/i.test(hints.userAgent);
}

/**
 * A Ctrl/⌘ shortcut as people on this platform expect to read it: `keys` for a key cap ("Ctrl K", "⌘K"),
 * `text` for running text ("Ctrl+K", "Cmd+K").
 */
export function shortcutLabel(key: string, style: 'keys' | 'text', hints: PlatformHints | undefined = currentNavigator()): string {
  const upper = key.toUpperCase();
  if (isMac(hints)) return style === 'keys' ? `⌘${upper}` : `Cmd+${upper}`;
  return style === 'keys' ? `Ctrl ${upper}` : `Ctrl+${upper}`;
}
