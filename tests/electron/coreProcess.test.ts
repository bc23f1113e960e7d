const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import { PORT_CHANNEL } from '../../core/api/contract';
import { backoffDelay, DEFAULT_BACKOFF, nextFailureCount } from '../../electron/backoff';
import { CoreProcess } from '../../electron/coreProcess';
import { FakeSession, FakeWebContents } from './electronMock';
import type { FakeUtilityProcess } from './electronMock';

describe('backoff', () => {
  it('doubles from 0.5 s and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(10_000)).toBe(30_000);
    expect(backoffDelay(-1)).toBe(500);
    expect(backoffDelay(Number.NaN)).toBe(500);
  });

  it('counts quick consecutive failures and starts again after a stable minute', () => {
    expect(nextFailureCount(0, 100)).toBe(1);
    expect(nextFailureCount(3, 59_999)).toBe(4);
    expect(nextFailureCount(7, 60_000)).toBe(1);
    expect(nextFailureCount(7, DEFAULT_BACKOFF.stableMs + 1)).toBe(1);
  });
});

describe('CoreProcess', () => {
  let clock = 0;
  const options = {
    coreEntry: '/opt/fieldbook/dist/electron/core.cjs',
    dataDir: '/home/user/data',
    nativeBinding: '/opt/fieldbook/.electron-native/45.5.0/better_sqlite3.node',
    log: () => {},
    now: () => clock,
  };
  const child = (index: number): FakeUtilityProcess => {
    const found = electron.processes[index];
    if (!found) throw new Error(`no utility process #${index}`);
    return found;
  };

  beforeEach(() => {
    electron.reset();
    clock = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('forks the core entry as a utility process and sends init once it spawned', () => {
    const core = new CoreProcess(options);
    core.start();
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith(options.coreEntry, [], { serviceName: 'Fieldbook core', stdio: 'pipe' });
    expect(child(0).postMessage).not.toHaveBeenCalled();
    child(0).emit('spawn');
    expect(child(0).postMessage).toHaveBeenCalledWith({ kind: 'init', dataDir: options.dataDir, nativeBinding: options.nativeBinding });
    expect(core.status).toBe('running');
  });

  it('gives each window one end of a fresh channel and the core the other end', () => {
    const core = new CoreProcess(options);
    core.start();
    child(0).emit('spawn');
    const contents = new FakeWebContents(new FakeSession());
    core.connect(contents);
    expect(contents.postMessage).toHaveBeenCalledTimes(1);
    const [channel, message, rendererPorts] = contents.postMessage.mock.calls[0] as [string, unknown, Array<{ name: string }>];
    expect(channel).toBe(PORT_CHANNEL);
    expect(message).toBeNull();
    const [, [connect, corePorts]] = child(0).postMessage.mock.calls as [unknown, [unknown, Array<{ name: string }>]];
    expect(connect).toEqual({ kind: 'connect' });
    expect(rendererPorts).toHaveLength(1);
    expect(corePorts).toHaveLength(1);
    // Both ends come from the same MessageChannelMain.
    expect(rendererPorts[0]?.name.replace('port2', '')).toBe(corePorts[0]?.name.replace('port1', ''));
  });

  it('connects windows that asked before the core spawned, after init', () => {
    const core = new CoreProcess(options);
    core.start();
    const contents = new FakeWebContents(new FakeSession());
    core.connect(contents);
    expect(contents.postMessage).not.toHaveBeenCalled();
    child(0).emit('spawn');
    expect(child(0).postMessage.mock.calls.map((call) => (call[0] as { kind: string }).kind)).toEqual(['init', 'connect']);
    expect(contents.postMessage).toHaveBeenCalledTimes(1);
  });

  it('restarts after an unexpected exit with growing delays and re-hands ports to open windows', () => {
    const core = new CoreProcess(options);
    core.start();
    child(0).emit('spawn');
    const open = new FakeWebContents(new FakeSession());
    const closed = new FakeWebContents(new FakeSession());
    core.connect(open);
    core.connect(closed);
    closed.destroy();

    clock = 1000;
    child(0).emit('exit', 134);
    expect(core.status).toBe('waiting');
    vi.advanceTimersByTime(499);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(2);
    child(1).emit('spawn');
    expect(child(1).postMessage.mock.calls[0]?.[0]).toMatchObject({ kind: 'init', dataDir: options.dataDir });
    expect(open.postMessage).toHaveBeenCalledTimes(2);
    expect(closed.postMessage).toHaveBeenCalledTimes(1);

    // A second quick crash waits twice as long.
    clock = 2000;
    child(1).emit('exit', 1);
    vi.advanceTimersByTime(999);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(3);
    expect(core.failureCount).toBe(2);

    // After a stable minute, the next crash restarts quickly again.
    child(2).emit('spawn');
    clock = 2000 + 61_000;
    child(2).emit('exit', 1);
    expect(core.failureCount).toBe(1);
    vi.advanceTimersByTime(500);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(4);
  });

  it('stops cleanly: asks the core to shut down and never restarts it', async () => {
    const core = new CoreProcess(options);
    core.start();
    child(0).emit('spawn');
    const stopped = core.stop();
    expect(child(0).postMessage).toHaveBeenLastCalledWith({ kind: 'shutdown' });
    child(0).emit('exit', 0);
    await stopped;
    expect(core.status).toBe('stopped');
    vi.advanceTimersByTime(60_000);
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
  });

  it('kills a core that does not exit after the shutdown request', async () => {
    const core = new CoreProcess(options);
    core.start();
    child(0).emit('spawn');
    const stopped = core.stop();
    vi.advanceTimersByTime(3000);
    expect(child(0).kill).toHaveBeenCalled();
    await stopped;
    expect(electron.utilityProcess.fork).toHaveBeenCalledTimes(1);
  });

  it('reports a core that cannot open its data', () => {
    const onFatal = vi.fn();
    const core = new CoreProcess({ ...options, onFatal });
    core.start();
    child(0).emit('message', { kind: 'fatal', message: 'NODE_MODULE_VERSION mismatch' });
    expect(onFatal).toHaveBeenCalledWith('NODE_MODULE_VERSION mismatch');
  });
});
