/**
 * The main process's own connection to the core: the same request/response bridge the preload uses, over a
 * MessagePortMain the core process hands over on every (re)start. The tray, idle detection, recovery and the
 * About dialog call the core through it, exactly as the renderer does.
 */
import type { MessagePortMain } from 'electron';
import type { CoreLink } from '../core/api/contract';
import { createBridge } from './bridge';
import type { BridgePort } from './bridge';

export interface MainLink {
  readonly link: CoreLink;
  /** A fresh port to the core (CoreProcess `onMainPort`). */
  attach(port: MessagePortMain): void;
}

/** Adapts Electron's MessagePortMain (`on('message', { data })`) to the bridge's port. */
export function adaptMainPort(port: MessagePortMain): BridgePort {
  let current: ((event: { data: unknown }) => void) | null = null;
  return {
    listen(handler) {
      if (current) port.off('message', current);
      current = handler ? (event) => handler(event.data) : null;
      if (current) port.on('message', current);
    },
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  };
}

export function createMainLink(): MainLink {
  const bridge = createBridge();
  return {
    link: bridge.link,
    attach: (port) => bridge.attach(adaptMainPort(port)),
  };
}
