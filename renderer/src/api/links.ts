import { BRIDGE_NAME } from '../../../core/api/contract';
import type { CoreLink } from '../../../core/api/contract';
import { staticConnection } from './connection';
import type { Connection } from './connection';
import { createWsLink } from './wsLink';
import type { WsLinkOptions } from './wsLink';

function isCoreLink(value: unknown): value is CoreLink {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof CoreLink, unknown>>;
  return typeof candidate.request === 'function' && typeof candidate.onEvent === 'function';
}

/** The token the browser host put in the URL fragment (`#token=...`); fragments never reach a server log. */
export function readToken(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token && token.length > 0 ? token : null;
}

/** A connection whose only state is "refused": used when the URL carries no token at all. */
function refusedConnection(): Connection {
  const link: CoreLink = {
    request: () =>
      Promise.resolve({ ok: false, error: { code: 'unauthenticated', message: 'This page has no access token.' } }),
    onEvent: () => () => {},
  };
  return { link, status: () => 'badToken', onStatus: () => () => {}, close: () => {} };
}

/** Where the token waits between reloads: per tab, gone when the tab closes, never in the address bar. */
export const TOKEN_STORAGE_KEY = 'fieldbook.token';

function tabStorage(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    // Storage can be switched off; the token then lives only as long as the page.
    return null;
  }
}

/** The token from the URL fragment (remembered for reloads), else the one remembered in this tab. */
export function resolveToken(win: Window): string | null {
  const storage = tabStorage(win);
  const fromHash = readToken(win.location.hash);
  if (fromHash) {
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromHash);
    } catch {
      // Full or blocked storage: this page still works, a reload will ask for the link again.
    }
    return fromHash;
  }
  const stored = storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  return stored && stored.length > 0 ? stored : null;
}

/** Picks the transport: the Electron preload's bridge when present, else the browser host's WebSocket. */
export function connect(win: Window, options: Pick<WsLinkOptions, 'createSocket'> = {}): Connection {
  const bridge: unknown = Reflect.get(win, BRIDGE_NAME);
  if (isCoreLink(bridge)) return staticConnection(bridge);

  const token = resolveToken(win);
  if (!token) return refusedConnection();
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  const connection = createWsLink({
    url: `${scheme}://${win.location.host}/api`,
    token,
    ...options,
    // The token stays in memory (and this tab's sessionStorage, for reloads) but leaves the address bar,
    // history and screenshots.
    onWelcome: () => {
      if (win.location.hash) win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    },
  });
  // A refused token must not come back on the next reload.
  connection.onStatus((status) => {
    if (status === 'badToken') tabStorage(win)?.removeItem(TOKEN_STORAGE_KEY);
  });
  return connection;
}
