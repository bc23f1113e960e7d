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

/** Picks the transport: the Electron preload's bridge when present, else the browser host's WebSocket. */
export function connect(win: Window, options: Pick<WsLinkOptions, 'createSocket'> = {}): Connection {
  const bridge: unknown = Reflect.get(win, BRIDGE_NAME);
  if (isCoreLink(bridge)) return staticConnection(bridge);

  const token = readToken(win.location.hash);
  if (!token) return refusedConnection();
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsLink({
    url: `${scheme}://${win.location.host}/api`,
    token,
    ...options,
    // The token stays in memory for reconnects but leaves the address bar, history and screenshots.
    onWelcome: () => {
      if (win.location.hash) win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    },
  });
}
