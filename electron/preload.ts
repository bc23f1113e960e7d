/**
 * Preload (bundled to dist/electron/preload.cjs, runs sandboxed with context isolation). Page scripts get
 * `window.fieldbook`, a CoreLink and nothing else: never ipcRenderer, never the port itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_NAME, PORT_CHANNEL } from '../core/api/contract';
import { createBridge } from './bridge';
import type { BridgePort } from './bridge';
import { APP_COMMAND_CHANNEL, APP_EVENT_CHANNEL, isAppCommand, parseShellEvent, PORT_REQUEST_CHANNEL } from './channels';

const bridge = createBridge();

ipcRenderer.on(PORT_CHANNEL, (event) => {
  const port = event.ports[0];
  if (!port) return;
  const adapter: BridgePort = {
    listen: (handler) => {
      port.onmessage = handler ? (message) => handler(message.data) : null;
    },
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  };
  bridge.attach(adapter);
});

ipcRenderer.on(APP_COMMAND_CHANNEL, (_event, command: unknown) => {
  if (isAppCommand(command)) bridge.command(command);
});

ipcRenderer.on(APP_EVENT_CHANNEL, (_event, value: unknown) => {
  const frame = parseShellEvent(value);
  if (frame) bridge.emit(frame);
});

contextBridge.exposeInMainWorld(BRIDGE_NAME, bridge.link);

// Ask for a port once this page is up; main checks that the request comes from the app's own main frame.
ipcRenderer.send(PORT_REQUEST_CHANNEL);
