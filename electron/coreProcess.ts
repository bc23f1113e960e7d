/**
 * Runs the core in an Electron utility process (DESIGN.md §3) and connects windows to it: one
 * MessageChannelMain per window, one end to the core, the other to the window's preload. If the core exits
 * unexpectedly it is restarted with exponential backoff and every open window gets a fresh port.
 */
import { MessageChannelMain, utilityProcess } from 'electron';
import type { MessagePortMain, UtilityProcess } from 'electron';
import { PORT_CHANNEL } from '../core/api/contract';
import type { ManagedSettings } from '../core/api/contract';
import { isSecretRequest } from '../core/host/secretBridge';
import type { SecretRequest, SecretResult } from '../core/host/secretBridge';
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

/** Answers the core's secret requests (electron/secretVault.ts). */
export interface SecretHandler {
  handle(request: SecretRequest): Promise<SecretResult>;
}

export interface CoreProcessOptions {
  coreEntry: string;
  dataDir: string;
  nativeBinding: string | null;
  backoff?: BackoffPolicy;
  log?: (message: string) => void;
  /** Called when the core reports it cannot open the data folder (wrong ABI, foreign file …). */
  onFatal?: (message: string) => void;
  /** Called when a core that exited unexpectedly is running again (the user is told). */
  onRestarted?: (failures: number) => void;
  /** The main process's own connection: called with a fresh port each time the core (re)starts. */
  onMainPort?: (port: MessagePortMain) => void;
  /** The administrator's managed settings, handed to the core at init. */
  policy?: ManagedSettings | null;
  /** The safeStorage vault; without it the core cannot keep device tokens, so it cannot sync. */
  secrets?: SecretHandler;
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
  /** The next spawn follows an unexpected exit: the user is told once it runs again. */
  private recovering = false;
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
      const init: HostInbound = {
        kind: 'init',
        dataDir: this.options.dataDir,
        nativeBinding: this.options.nativeBinding,
        ...(this.options.policy !== undefined ? { policy: this.options.policy } : {}),
        ...(this.options.secrets ? { secrets: true } : {}),
      };
      child.postMessage(init);
      // Ports posted after init, on the same channel, so the core always knows its data folder first.
      if (this.options.onMainPort) {
        const { port1, port2 } = new MessageChannelMain();
        const connect: HostInbound = { kind: 'connect' };
        child.postMessage(connect, [port1]);
        this.options.onMainPort(port2);
      }
      for (const target of this.targets.values()) this.handPort(target);
      if (this.recovering) {
        this.recovering = false;
        this.options.onRestarted?.(this.failures);
      }
    });
  }

  /**
   * Stops the core, runs `whileStopped` (a backup is put in place), and starts it again: a deliberate restart,
   * not a crash, so the restart schedule and the crash notice are left out. The core starts even when
   * `whileStopped` throws (it then opens what is there), and the error is passed on.
   */
  async restart(whileStopped?: () => void): Promise<void> {
    await this.stop();
    try {
      whileStopped?.();
    } finally {
      this.startAgain();
    }
  }

  private startAgain(): void {
    this.stopped = null;
    this.failures = 0;
    this.recovering = false;
    this.state = 'idle';
    this.start();
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
      case 'secret':
        this.answerSecret(message);
        break;
      default:
        break;
    }
  }

  /** Answers on the child that asked; if it exited meanwhile the answer is dropped (its request died with it). */
  private answerSecret(request: SecretRequest): void {
    const child = this.child;
    if (!isSecretRequest(request)) {
      this.log('ignored a malformed secret request');
      return;
    }
    const handler = this.options.secrets;
    const answer: Promise<SecretResult> = handler
      ? handler.handle(request)
      : Promise.resolve({ kind: 'secret-result', id: request.id, ok: false, message: 'This window cannot keep device tokens.' });
    void answer.then((result) => {
      if (child && this.child === child) child.postMessage(result);
    });
  }

  private onExit(child: UtilityProcess, code: number): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.state === 'stopping' || this.state === 'stopped') return;
    this.failures = nextFailureCount(this.failures, this.now() - this.startedAt, this.policy);
    const delay = backoffDelay(this.failures - 1, this.policy);
    this.log(`exited unexpectedly (code ${code}); restarting in ${delay} ms`);
    this.state = 'waiting';
    this.recovering = true;
    this.restartTimer = setTimeout(() => this.start(), delay);
  }
}
