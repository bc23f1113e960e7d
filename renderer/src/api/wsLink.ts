import { CLOSE_CODES } from '../../../core/api/contract';
import type { CoreLink, Envelope, EventFrame, RequestFrame, ServerFrame } from '../../../core/api/contract';
import type { Connection, ConnectionStatus } from './connection';

export interface WsLinkOptions {
  url: string;
  token: string;
  /** Injected in tests; the browser's WebSocket otherwise. */
  createSocket?: (url: string) => WebSocket;
  /** Called after each accepted hello, e.g. to drop the token from the visible URL. */
  onWelcome?: () => void;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

interface Pending {
  frame: RequestFrame;
  sent: boolean;
  resolve: (envelope: Envelope<unknown>) => void;
}

const LOST: Envelope<never> = {
  ok: false,
  error: { code: 'unavailable', message: 'The connection to Fieldbook dropped before it answered. Try again.' },
};
const REFUSED: Envelope<never> = {
  ok: false,
  error: { code: 'unauthenticated', message: 'Fieldbook refused this page’s access token.' },
};

function isServerFrame(value: unknown): value is ServerFrame {
  if (typeof value !== 'object' || value === null || !('kind' in value)) return false;
  return value.kind === 'response' || value.kind === 'event' || value.kind === 'welcome';
}

/**
 * The browser host's transport: hello with the token, wait for welcome, then request/response frames by id.
 * Requests made while (re)connecting are queued; requests in flight when the socket drops fail as `unavailable`
 * rather than being re-sent, because a write may already have happened.
 */
export function createWsLink(options: WsLinkOptions): Connection {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const initialBackoff = options.initialBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 10_000;
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(frame: EventFrame) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let status: ConnectionStatus = 'connecting';
  let socket: WebSocket | null = null;
  let ready = false;
  let closed = false;
  let attempt = 0;
  let nextId = 1;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const send = (entry: Pending): void => {
    if (!socket || !ready) return;
    socket.send(JSON.stringify(entry.frame));
    entry.sent = true;
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'string') return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!isServerFrame(frame)) return;
    if (frame.kind === 'welcome') {
      ready = true;
      attempt = 0;
      setStatus('open');
      options.onWelcome?.();
      for (const entry of pending.values()) if (!entry.sent) send(entry);
    } else if (frame.kind === 'response') {
      const entry = pending.get(frame.id);
      if (!entry) return;
      pending.delete(frame.id);
      entry.resolve(frame.result);
    } else {
      for (const listener of eventListeners) listener(frame);
    }
  };

  const onClose = (code: number): void => {
    ready = false;
    socket = null;
    if (closed) return;
    if (code === CLOSE_CODES.badToken) {
      // Retrying cannot help: the token is wrong. Fail everything and let the UI say so.
      for (const [id, entry] of pending) {
        pending.delete(id);
        entry.resolve(REFUSED);
      }
      setStatus('badToken');
      return;
    }
    for (const [id, entry] of pending) {
      if (!entry.sent) continue;
      pending.delete(id);
      entry.resolve(LOST);
    }
    setStatus('reconnecting');
    const delay = Math.min(maxBackoff, initialBackoff * 2 ** attempt);
    attempt += 1;
    retryTimer = setTimeout(open, delay);
  };

  function open(): void {
    retryTimer = null;
    if (closed) return;
    const ws = createSocket(options.url);
    socket = ws;
    ws.addEventListener('open', () => ws.send(JSON.stringify({ kind: 'hello', token: options.token })));
    ws.addEventListener('message', (event: MessageEvent<unknown>) => onMessage(event.data));
    ws.addEventListener('close', (event: CloseEvent) => {
      if (socket === ws) onClose(event.code);
    });
  }

  const link: CoreLink = {
    request(method, input) {
      return new Promise<Envelope<unknown>>((resolve) => {
        if (status === 'badToken') {
          resolve(REFUSED);
          return;
        }
        const id = nextId++;
        const entry: Pending = { frame: { kind: 'request', id, method, input }, sent: false, resolve };
        pending.set(id, entry);
        send(entry);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  };

  open();

  return {
    link,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
      socket = null;
    },
  };
}
