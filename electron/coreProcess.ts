/**
 * Runs the core in an Electron utility process (DESIGN.md §3) and connects windows to it: one
 * MessageChannelMain per window, one end to the core, the other to the window's preload. If the core exits
 * unexpectedly it is restarted with exponential backoff and every open window gets a fresh port.
 */
import { MessageChannelMain, utilityProcess } from 'electron';
import type { MessagePortMain, UtilityProcess } from 'electron';
import { PORT_CHANNEL } from '../core/api/contract';
import type { HostInbound, HostOutbound } from '../core/host/utilityProcess';
import { backoffDelay, DEFAULT_BACKOFF, nextFailureCount } from './backoff';
import type { BackoffPolicy } from './backoff';

/** The parts of a WebContents the core process needs. */
export interface PortTarget {
  readonly id: number;
  postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

export interface CoreProcessOptions {
  coreEntry: string;
  dataDir: string;
  nativeBinding: string | null;
  backoff?: BackoffPolicy;
  log?: (message: string) => void;
  /** Called when the core reports it cannot open the data folder (wrong ABI, foreign file …). */
  onFatal?: (message: string) => void;
  now?: () => number;
}

export type CoreState = 'idle' | 'starting' | 'running' | 'waiting' | 'stopping' | 'stopped';

const SHUTDOWN_GRACE_MS = 3000;

export class CoreProcess {
  private child: UtilityProcess | null = null;
  private state: CoreState = 'idle';
  private failures = 0;
  private startedAt = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly targets = new Map<number, PortTarget>();
  private stopped: Promise<void> | null = null;
  private readonly log: (message: string) => void;
  private readonly now: () => number;
  private readonly policy: BackoffPolicy;

  constructor(private readonly options: CoreProcessOptions) {
    this.log = options.log ?? ((message) => console.error(`[core] ${message}`));
    this.now = options.now ?? Date.now;
    this.policy = options.backoff ?? DEFAULT_BACKOFF;
  }

  get status(): CoreState {
    return this.state;
  }

  /** Consecutive unexpected exits since the last stable run. */
  get failureCount(): number {
    return this.failures;
  }

  start(): void {
    if (this.state !== 'idle' && this.state !== 'waiting') return;
    this.restartTimer = null;
    this.state = 'starting';
    this.startedAt = this.now();
    const child = utilityProcess.fork(this.options.coreEntry, [], { serviceName: 'Fieldbook core', stdio: 'pipe' });
    this.child = child;
    child.stdout?.on('data', (chunk: Buffer) => this.log(chunk.toString('utf8').trimEnd()));
    child.stderr?.on('data', (chunk: Buffer) => this.log(chunk.toString('utf8').trimEnd()));
    child.on('message', (message: HostOutbound) => this.onMessage(message));
    child.on('exit', (code) => this.onExit(child, code));
    child.once('spawn', () => {
      if (this.child !== child) return;
      this.state = 'running';
      const init: HostInbound = { kind: 'init', dataDir: this.options.dataDir, nativeBinding: this.options.nativeBinding };
      child.postMessage(init);
      // Ports posted after init, on the same channel, so the core always knows its data folder first.
      for (const target of this.targets.values()) this.handPort(target);
    });
  }

  /** Connects a window to the core: now if it runs, otherwise as soon as it (re)starts. */
  connect(target: PortTarget): void {
    if (target.isDestroyed()) return;
    if (!this.targets.has(target.id)) {
      this.targets.set(target.id, target);
      target.once('destroyed', () => this.targets.delete(target.id));
    } else {
      this.targets.set(target.id, target);
    }
    if (this.state === 'running') this.handPort(target);
  }

  /** Asks the core to close its database and waits for it to exit (killing it after a grace period). */
  stop(): Promise<void> {
    if (this.stopped) return this.stopped;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.state = 'stopping';
    if (!child) {
      this.state = 'stopped';
      this.stopped = Promise.resolve();
      return this.stopped;
    }
    this.stopped = new Promise<void>((resolve) => {
      const killTimer = setTimeout(() => child.kill(), SHUTDOWN_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(killTimer);
        this.state = 'stopped';
        this.child = null;
        resolve();
      });
      const shutdown: HostInbound = { kind: 'shutdown' };
      child.postMessage(shutdown);
    });
    return this.stopped;
  }

  private handPort(target: PortTarget): void {
    const child = this.child;
    if (!child || target.isDestroyed()) return;
    const { port1, port2 } = new MessageChannelMain();
    const connect: HostInbound = { kind: 'connect' };
    child.postMessage(connect, [port1]);
    target.postMessage(PORT_CHANNEL, null, [port2]);
  }

  private onMessage(message: HostOutbound): void {
    switch (message?.kind) {
      case 'fatal':
        this.log(`cannot open the data folder: ${message.message}`);
        this.options.onFatal?.(message.message);
        break;
      case 'log':
        this.log(`${message.context}: ${message.message}`);
        break;
      default:
        break;
    }
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.failures = nextFailureCount(this.failures, this.now() - this.startedAt, this.policy);
    const delay = backoffDelay(this.failures - 1, this.policy);
    this.log(`exited unexpectedly (code ${code}); restarting in ${delay} ms`);
    this.state = 'waiting';
    this.restartTimer = setTimeout(() => this.start(), delay);
  }
}
