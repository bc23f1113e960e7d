import { requestFrameSchema } from './contract';
import type { ServerFrame } from './contract';
import type { Core } from './core';

export interface FrameSession {
  /** Handles one message from the peer: a JSON string or an already-structured value. */
  receive(raw: unknown): void;
  close(): void;
}

/**
 * Serves the core over any message channel (MessagePort, WebSocket): request frames in, response and event
 * frames out. A malformed frame is reported through `onBadFrame` and changes nothing.
 */
export function serveFrames(core: Core, send: (frame: ServerFrame) => void, onBadFrame: (reason: string) => void): FrameSession {
  const unsubscribe = core.events.subscribe(send);
  return {
    receive(raw) {
      let value: unknown = raw;
      if (typeof raw === 'string') {
        try {
          value = JSON.parse(raw);
        } catch {
          onBadFrame('The message is not valid JSON.');
          return;
        }
      }
      const frame = requestFrameSchema.safeParse(value);
      if (!frame.success) {
        onBadFrame('The message is not a Fieldbook request.');
        return;
      }
      const { id, method, input } = frame.data;
      void core.dispatcher.dispatch(method, input).then((result) => send({ kind: 'response', id, result }));
    },
    close: unsubscribe,
  };
}
