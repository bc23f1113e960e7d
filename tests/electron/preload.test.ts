const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import { MessageChannel } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { BRIDGE_NAME, PORT_CHANNEL } from '../../core/api/contract';
import type { CoreLink, EventFrame, RequestFrame } from '../../core/api/contract';
import { APP_COMMAND_CHANNEL, PORT_REQUEST_CHANNEL } from '../../electron/channels';

/** Loads a fresh copy of the preload, as a new page would. */
async function loadPreload(): Promise<CoreLink> {
  vi.resetModules();
  await import('../../electron/preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  return electron.exposed[BRIDGE_NAME] as CoreLink;
}

/** Hands the preload one end of a real MessageChannel, as main does; returns the core's end. */
function handPort(): MessagePort {
  const { port1, port2 } = new MessageChannel();
  electron.ipcRenderer.emit(PORT_CHANNEL, { ports: [port1], sender: electron.ipcRenderer });
  return port2;
}

/** A fake core on the other end: answers every request with its method name. */
function answerEverything(port: MessagePort, seen: RequestFrame[] = []): RequestFrame[] {
  port.on('message', (frame: RequestFrame) => {
    seen.push(frame);
    port.postMessage({ kind: 'response', id: frame.id, result: { ok: true, data: { echo: frame.method, input: frame.input } } });
  });
  return seen;
}

const ports: MessagePort[] = [];
beforeEach(() => electron.reset());
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

describe('preload', () => {
  it('exposes exactly one key, BRIDGE_NAME, holding only request and onEvent', async () => {
    const link = await loadPreload();
    expect(Object.keys(electron.exposed)).toEqual([BRIDGE_NAME]);
    expect(electron.contextBridge.exposeInMainWorld.mock.calls[0]?.[0]).toBe('fieldbook');
    expect(Object.keys(link).sort()).toEqual(['onEvent', 'request']);
    expect(typeof link.request).toBe('function');
    expect(typeof link.onEvent).toBe('function');
    // Nothing exposed is, or carries, ipcRenderer or a port.
    for (const value of Object.values(link as unknown as Record<string, unknown>)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(Object.keys(value as object)).toEqual([]);
    }
  });

  it('asks main for a port once loaded', async () => {
    await loadPreload();
    expect(electron.ipcRenderer.send).toHaveBeenCalledWith(PORT_REQUEST_CHANNEL);
  });

  it('queues requests made before the port arrives and answers them after', async () => {
    const link = await loadPreload();
    const early = link.request('accounts.list', {});
    const core = handPort();
    ports.push(core);
    const seen = answerEverything(core);
    await expect(early).resolves.toEqual({ ok: true, data: { echo: 'accounts.list', input: {} } });
    await expect(link.request('app.info', { a: 1 })).resolves.toEqual({ ok: true, data: { echo: 'app.info', input: { a: 1 } } });
    expect(seen.map((frame) => frame.kind)).toEqual(['request', 'request']);
    expect(seen[0]).toMatchObject({ kind: 'request', method: 'accounts.list', input: {} });
    expect(seen[0]?.id).not.toBe(seen[1]?.id);
  });

  it('matches responses to requests by id, whatever their order', async () => {
    const link = await loadPreload();
    const core = handPort();
    ports.push(core);
    const frames: RequestFrame[] = [];
    core.on('message', (frame: RequestFrame) => {
      frames.push(frame);
      if (frames.length === 2) {
        for (const f of [...frames].reverse()) core.postMessage({ kind: 'response', id: f.id, result: { ok: true, data: f.method } });
      }
    });
    const [a, b] = await Promise.all([link.request('first', null), link.request('second', null)]);
    expect(a).toEqual({ ok: true, data: 'first' });
    expect(b).toEqual({ ok: true, data: 'second' });
  });

  it('delivers event frames to listeners until they unsubscribe', async () => {
    const link = await loadPreload();
    const core = handPort();
    ports.push(core);
    const received: EventFrame[] = [];
    const stop = link.onEvent((frame) => received.push(frame));
    const event: EventFrame = { kind: 'event', name: 'data.changed', payload: { tables: ['accounts'], external: false } };
    core.postMessage(event);
    await vi.waitFor(() => expect(received).toEqual([event]));
    stop();
    core.postMessage(event);
    // A request round trip proves the second event was processed before we look.
    answerEverything(core);
    await link.request('app.info', {});
    expect(received).toHaveLength(1);
  });

  it('fails calls left on a dead port as unavailable when a new port arrives after a core restart', async () => {
    const link = await loadPreload();
    const first = handPort();
    ports.push(first);
    const lost = link.request('accounts.create', { name: 'Acme' });
    await new Promise((resolve) => first.once('message', resolve));
    const second = handPort();
    ports.push(second);
    answerEverything(second);
    await expect(lost).resolves.toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await expect(link.request('app.info', {})).resolves.toMatchObject({ ok: true });
  });

  it('forwards menu commands as app.command events, ignoring unknown ones', async () => {
    const link = await loadPreload();
    const received: unknown[] = [];
    link.onEvent((frame) => received.push(frame));
    electron.ipcRenderer.emit(APP_COMMAND_CHANNEL, {}, 'account.new');
    electron.ipcRenderer.emit(APP_COMMAND_CHANNEL, {}, 'shell.exec');
    electron.ipcRenderer.emit(APP_COMMAND_CHANNEL, {}, 'actions.open');
    expect(received).toEqual([
      { kind: 'event', name: 'app.command', payload: { command: 'account.new' } },
      { kind: 'event', name: 'app.command', payload: { command: 'actions.open' } },
    ]);
  });

  it('refuses an invalid method name without touching the port', async () => {
    const link = await loadPreload();
    await expect(link.request('', {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
    await expect(link.request('x'.repeat(101), {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
