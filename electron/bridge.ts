/**
 * The CoreLink the preload exposes as `window.fieldbook`: request/response and events over the MessagePort
 * the main process hands over. Kept apart from preload.ts so it is tested without Electron.
 */
import type { CoreLink, Envelope, EventFrame, RequestFrame } from '../core/api/contract';
import type { AppCommand } from './channels';

/** The parts of a DOM MessagePort the bridge uses; `listen(null)` detaches. */
export interface BridgePort {
  listen(handler: ((data: unknown) => void) | null): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export interface Bridge {
  /** The only object page scripts ever see. */
  readonly link: CoreLink;
  /** A (new) port to the core: after a core restart or the first connection. */
  attach(port: BridgePort): void;
  /** Delivers a menu command to event listeners. */
  command(command: AppCommand): void;
  /** Delivers an event the shell raised (idle return, notices) to event listeners. */
  emit(frame: EventFrame): void;
}

const MAX_METHOD_LENGTH = 100;

function unavailable(message: string): Envelope<unknown> {
  return { ok: false, error: { code: 'unavailable', message } };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const ok = (value as { ok?: unknown }).ok;
  return ok === true || (ok === false && typeof (value as { error?: unknown }).error === 'object');
}

export function createBridge(): Bridge {
  let port: BridgePort | null = null;
  let nextId = 1;
  // Sent on the current port, waiting for their response.
  const pending = new Map<number, (result: Envelope<unknown>) => void>();
  // Made before any port arrived: sent as soon as one does.
  const queued: RequestFrame[] = [];
  const listeners = new Set<(frame: EventFrame) => void>();

  const deliver = (frame: EventFrame): void => {
    for (const listener of [...listeners]) {
      try {
        listener(frame);
      } catch {
        // One failing listener must not starve the others.
      }
    }
  };

  const onMessage = (data: unknown): void => {
    if (typeof data !== 'object' || data === null) return;
    const frame = data as { kind?: unknown; id?: unknown; result?: unknown; name?: unknown };
    if (frame.kind === 'response' && typeof frame.id === 'number') {
      const resolve = pending.get(frame.id);
      if (!resolve) return;
      pending.delete(frame.id);
      resolve(isEnvelope(frame.result) ? frame.result : { ok: false, error: { code: 'internal', message: 'The core sent a malformed answer.' } });
    } else if (frame.kind === 'event' && typeof frame.name === 'string') {
      deliver(data as EventFrame);
    }
  };

  const link: CoreLink = {
    request(method, input) {
      if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
        return Promise.resolve({ ok: false, error: { code: 'invalid', message: 'Unknown method.' } });
      }
      const frame: RequestFrame = { kind: 'request', id: nextId++, method, input };
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(frame.id, resolve);
        if (port) {
          try {
            port.postMessage(frame);
          } catch {
            // Input that cannot be cloned: answer now instead of waiting forever.
            pending.delete(frame.id);
            resolve({ ok: false, error: { code: 'invalid', message: 'The request could not be sent.' } });
          }
        } else {
          queued.push(frame);
        }
      });
    },
    onEvent(listener) {
      if (typeof listener !== 'function') throw new TypeError('onEvent needs a function.');
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };

  return {
    link,
    attach(next) {
      if (port) {
        port.listen(null);
        port.close();
        // Calls sent to the old core may never be answered (it exited): fail them rather than replay them,
        // because a write may or may not have happened.
        for (const [id, resolve] of pending) {
          if (queued.some((frame) => frame.id === id)) continue;
          pending.delete(id);
          resolve(unavailable('Fieldbook’s core restarted before answering. Please try again.'));
        }
      }
      port = next;
      next.listen(onMessage);
      next.start();
      for (const frame of queued.splice(0)) {
        try {
          next.postMessage(frame);
        } catch {
          pending.get(frame.id)?.({ ok: false, error: { code: 'invalid', message: 'The request could not be sent.' } });
          pending.delete(frame.id);
        }
      }
    },
    command(command) {
      const frame: EventFrame<'app.command'> = { kind: 'event', name: 'app.command', payload: { command } };
      deliver(frame);
    },
    emit: deliver,
  };
}
