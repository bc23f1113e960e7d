const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import type { MessagePortMain } from 'electron';
import type { SecretRequest } from '../../core/host/secretBridge';
import { CoreProcess } from '../../electron/coreProcess';
import { createMainLink } from '../../electron/mainLink';
import type { FakeMessagePortMain, FakeUtilityProcess } from './electronMock';

/** The core process's desktop duties: policy and secrets at init, its own link, the restart notice, restore restarts. */
describe('CoreProcess for the desktop', () => {
  const base = { coreEntry: '/app/core.cjs', dataDir: '/data', nativeBinding: null, log: () => {} };
  const child = (index: number): FakeUtilityProcess => {
    const found = electron.processes[index];
    if (!found) throw new Error(`no utility process #${index}`);
    return found;
  };
  const policy = { source: '/etc/fieldbook/policy.json', sync: null, timer: { forgottenAfterHours: 9, idleAfterMinutes: null }, updates: null };

  beforeEach(() => {
    electron.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('hands the core the policy and says the main process answers secrets', () => {
    const core = new CoreProcess({ ...base, policy, secrets: { handle: vi.fn() } });
    core.start();
    child(0).emit('spawn');
    expect(child(0).postMessage).toHaveBeenCalledWith({ kind: 'init', dataDir: '/data', nativeBinding: null, policy, secrets: true });
  });

  it('answers the core’s secret requests with the vault, on the child that asked', async () => {
    const handle = vi.fn((request: SecretRequest) => Promise.resolve({ kind: 'secret-result' as const, id: request.id, ok: true as const, value: 'fbd_token' }));
    const core = new CoreProcess({ ...base, secrets: { handle } });
    core.start();
    child(0).emit('spawn');
    const request: SecretRequest = { kind: 'secret', id: 7, op: 'get', key: 'target-abc' };
    child(0).emit('message', request);
    await vi.waitFor(() => expect(child(0).postMessage).toHaveBeenCalledWith({ kind: 'secret-result', id: 7, ok: true, value: 'fbd_token' }));
    expect(handle).toHaveBeenCalledWith(request);

    // Malformed requests never reach the vault.
    child(0).emit('message', { kind: 'secret', id: 8, op: 'get', key: '../../etc/passwd' });
    child(0).emit('message', { kind: 'secret', id: 9, op: 'set', key: 'target-abc' });
    await Promise.resolve();
    expect(handle).toHaveBeenCalledTimes(1);
  });

  it('refuses secret requests when no vault was given', async () => {
    const core = new CoreProcess(base);
    core.start();
    child(0).emit('spawn');
    child(0).emit('message', { kind: 'secret', id: 1, op: 'set', key: 'target-a', value: 'x' });
    await vi.waitFor(() => expect(child(0).postMessage).toHaveBeenCalledWith(expect.objectContaining({ kind: 'secret-result', id: 1, ok: false })));
  });

  it('gives the main process its own port on every start, and its link talks to the core', async () => {
    const mainLink = createMainLink();
    const ports: MessagePortMain[] = [];
    const core = new CoreProcess({
      ...base,
      onMainPort: (port) => {
        ports.push(port);
        mainLink.attach(port);
      },
    });
    core.start();
    child(0).emit('spawn');
    expect(ports).toHaveLength(1);
    const [, [connect, corePorts]] = child(0).postMessage.mock.calls as [unknown, [unknown, FakeMessagePortMain[]]];
    expect(connect).toEqual({ kind: 'connect' });
    const coreEnd = corePorts[0];
    if (!coreEnd) throw new Error('no port for the core');
    // Play the core: answer a request frame on the port the core received.
    coreEnd.on('message', ({ data }: { data: { kind: string; id: number } }) => {
      if (data.kind === 'request') coreEnd.postMessage({ kind: 'response', id: data.id, result: { ok: true, data: { version: '0.1.0' } } });
    });
    await expect(mainLink.link.request('app.info', {})).resolves.toEqual({ ok: true, data: { version: '0.1.0' } });
    const events: unknown[] = [];
    mainLink.link.onEvent((frame) => events.push(frame));
    coreEnd.postMessage({ kind: 'event', name: 'store.integrity', payload: { ok: false, problems: ['x'] } });
    expect(events).toEqual([{ kind: 'event', name: 'store.integrity', payload: { ok: false, problems: ['x'] } }]);
  });

  it('tells once the core runs again after a crash, not after a deliberate restart', async () => {
    const onRestarted = vi.fn();
    const core = new CoreProcess({ ...base, onRestarted, now: () => 0 });
    core.start();
    child(0).emit('spawn');
    child(0).emit('exit', 9);
    expect(onRestarted).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    child(1).emit('spawn');
    expect(onRestarted).toHaveBeenCalledWith(1);

    // A restore: stop, swap files, start.
    const order: string[] = [];
    const restarted = core.restart(() => order.push('swap'));
    expect(child(1).postMessage).toHaveBeenLastCalledWith({ kind: 'shutdown' });
    child(1).emit('exit', 0);
    await restarted;
    expect(order).toEqual(['swap']);
    expect(electron.processes).toHaveLength(3);
    child(2).emit('spawn');
    expect(core.status).toBe('running');
    expect(onRestarted).toHaveBeenCalledTimes(1);
    expect(core.failureCount).toBe(0);
  });

  it('starts the core again even when the swap fails, and passes the error on', async () => {
    const core = new CoreProcess(base);
    core.start();
    child(0).emit('spawn');
    const restarted = core.restart(() => {
      throw new Error('disk full');
    });
    child(0).emit('exit', 0);
    await expect(restarted).rejects.toThrow('disk full');
    expect(electron.processes).toHaveLength(2);
  });
});
