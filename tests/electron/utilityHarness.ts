/**
 * The utility process's surroundings on real channels (node:worker_threads): a fake main process on the
 * parent port and renderer-side connections. Only Electron's MessagePortMain shape ({ data, ports }) is
 * adapted.
 */
import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { Envelope, RequestFrame, ServerFrame } from '../../core/api/contract';
import type { CorePortLike, HostInbound, HostOutbound, ParentPortLike } from '../../core/host/utilityProcess';

/** Gives a Node MessagePort the shape of Electron's MessagePortMain. */
export function electronStyle(port: MessagePort): CorePortLike {
  return {
    on(event: 'message' | 'close', listener: ((event: { data: unknown; ports: CorePortLike[] }) => void) | (() => void)) {
      if (event === 'message') port.on('message', (data: unknown) => listener({ data, ports: [] }));
      else port.on('close', listener as () => void);
      return this;
    },
    postMessage: (message) => port.postMessage(message),
    start: () => port.start(),
    close: () => port.close(),
  };
}

interface Envelope2Parent {
  data: HostInbound;
  ports: MessagePort[];
}

/** process.parentPort as the utility process sees it, backed by a real channel to a fake main process. */
export function fakeParent(onMessage?: (message: HostOutbound, reply: (data: HostInbound) => void) => void) {
  const { port1: main, port2: child } = new MessageChannel();
  const parentPort: ParentPortLike = {
    on(_event, listener) {
      child.on('message', (message: Envelope2Parent) => listener({ data: message.data, ports: message.ports.map(electronStyle) }));
      return this;
    },
    postMessage: (message) => child.postMessage(message),
  };
  const fromHost: HostOutbound[] = [];
  const send = (data: HostInbound, ports: MessagePort[] = []) => main.postMessage({ data, ports }, ports);
  main.on('message', (message: HostOutbound) => {
    fromHost.push(message);
    onMessage?.(message, (data) => send(data));
  });
  return { parentPort, fromHost, send, close: () => main.close() };
}

/** A renderer-side connection: the other end of a port handed to the host. */
export function connect(parent: ReturnType<typeof fakeParent>) {
  const { port1: renderer, port2: core } = new MessageChannel();
  parent.send({ kind: 'connect' }, [core]);
  const frames: ServerFrame[] = [];
  const waiting = new Map<number, (result: Envelope<unknown>) => void>();
  renderer.on('message', (frame: ServerFrame) => {
    frames.push(frame);
    if (frame.kind === 'response') waiting.get(frame.id)?.(frame.result);
  });
  let id = 0;
  const request = (method: string, input: unknown): Promise<Envelope<unknown>> =>
    new Promise((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      const frame: RequestFrame = { kind: 'request', id, method, input };
      renderer.postMessage(frame);
    });
  return { renderer, frames, request };
}

