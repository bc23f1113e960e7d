/**
 * The core's side of the desktop app: runs inside the Electron utility process (DESIGN.md §3). It imports
 * nothing from `electron`; the parent port and the MessagePorts are typed structurally here, so the same
 * code runs in tests on `node:worker_threads` channels.
 */
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import { requestFrameSchema } from '../api/contract';
import type { ManagedSettings, ServerFrame } from '../api/contract';
import { serveFrames } from '../api/frames';
import type { FrameSession } from '../api/frames';
import { BridgedSecretStore, isSecretResult } from './secretBridge';
import type { SecretRequest, SecretResult } from './secretBridge';

/** What Electron delivers on `process.parentPort` and on a MessagePortMain: `{ data, ports }`. */
export interface PortMessageEvent {
  data: unknown;
  ports: readonly CorePortLike[];
}

/** The subset of Electron's MessagePortMain the host uses. */
export interface CorePortLike {
  on(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** The subset of Electron's `process.parentPort` the host uses (@types/node does not know it). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: PortMessageEvent) => void): unknown;
  postMessage(message: unknown): void;
}

/** Messages from the main process. */
export type HostInbound =
  | {
      kind: 'init';
      dataDir: string;
      nativeBinding?: string | null;
      /** The administrator's managed settings, read by the main process. */
      policy?: ManagedSettings | null;
      /** True: the main process answers secret requests through safeStorage, so this host can sync. */
      secrets?: boolean;
    }
  /** Carries one MessagePort in `ports[0]`: a renderer's (or the main process's own) connection to the core. */
  | { kind: 'connect' }
  | { kind: 'shutdown' }
  | SecretResult;

/** Messages to the main process. */
export type HostOutbound =
  | { kind: 'ready'; databasePath: string }
  | { kind: 'fatal'; message: string }
  | { kind: 'closed' }
  | { kind: 'log'; context: string; message: string }
  | SecretRequest;

export interface UtilityHostOptions {
  /** How the process ends after a shutdown request; tests pass a spy instead of `process.exit`. */
  exit?: (code: number) => void;
  watchIntervalMs?: number;
  /** How long a secret request may wait for the main process. */
  secretTimeoutMs?: number;
}

export interface UtilityHost {
  /** Settles when the core opened (or failed to open). */
  readonly ready: Promise<void>;
  /** Number of ports being served. */
  readonly connections: number;
  close(): void;
}

function isInbound(value: unknown): value is HostInbound {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  if (kind === 'init') {
    const { dataDir, nativeBinding, policy, secrets } = value as { dataDir?: unknown; nativeBinding?: unknown; policy?: unknown; secrets?: unknown };
    return (
      typeof dataDir === 'string' &&
      dataDir.length > 0 &&
      (nativeBinding == null || typeof nativeBinding === 'string') &&
      (policy == null || typeof policy === 'object') &&
      (secrets === undefined || typeof secrets === 'boolean')
    );
  }
  if (kind === 'secret-result') return isSecretResult(value);
  return kind === 'connect' || kind === 'shutdown';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function startUtilityHost(parentPort: ParentPortLike, options: UtilityHostOptions = {}): UtilityHost {
  const send = (message: HostOutbound): void => parentPort.postMessage(message);
  const log = (error: unknown, context: string): void => send({ kind: 'log', context, message: messageOf(error) });

  let core: Core | null = null;
  let secrets: BridgedSecretStore | null = null;
  let failure: string | null = null;
  let initialised = false;
  let closed = false;
  // Ports that arrive before the core opened wait here; a MessagePort buffers its messages until start().
  const waiting: CorePortLike[] = [];
  const sessions = new Set<FrameSession>();

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  /** With no core (it failed to open), every request is answered `unavailable` rather than left hanging. */
  const serveUnavailable = (port: CorePortLike, reason: string): void => {
    port.on('message', (event) => {
      const frame = requestFrameSchema.safeParse(event.data);
      if (!frame.success) return;
      const response: ServerFrame = {
        kind: 'response',
        id: frame.data.id,
        result: { ok: false, error: { code: 'unavailable', message: `Fieldbook could not open its data: ${reason}` } },
      };
      port.postMessage(response);
    });
    port.start();
  };

  const serve = (port: CorePortLike): void => {
    if (closed) {
      port.close();
      return;
    }
    if (!core) {
      if (failure !== null) serveUnavailable(port, failure);
      else waiting.push(port);
      return;
    }
    const session = serveFrames(
      core,
      (frame) => port.postMessage(frame),
      (reason) => log(new Error(reason), 'bad_frame'),
    );
    sessions.add(session);
    port.on('message', (event) => session.receive(event.data));
    // The renderer reloaded or its window closed: stop pushing events to a dead port.
    port.on('close', () => {
      session.close();
      sessions.delete(session);
    });
    port.start();
  };

  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const session of sessions) session.close();
    sessions.clear();
    for (const port of waiting.splice(0)) port.close();
    secrets?.close();
    core?.close();
    core = null;
  };

  const init = (message: Extract<HostInbound, { kind: 'init' }>): void => {
    if (initialised) return;
    initialised = true;
    const { dataDir, nativeBinding } = message;
    if (message.secrets) secrets = new BridgedSecretStore((request) => send(request), options.secretTimeoutMs);
    openCore({
      dataDir,
      host: 'electron',
      ...(nativeBinding ? { nativeBinding } : {}),
      ...(secrets ? { secrets } : {}),
      policy: message.policy ?? null,
      ...(options.watchIntervalMs !== undefined ? { watchIntervalMs: options.watchIntervalMs } : {}),
      log,
    }).then(
      (opened) => {
        if (closed) {
          opened.close();
          return;
        }
        core = opened;
        send({ kind: 'ready', databasePath: opened.store.path });
        for (const port of waiting.splice(0)) serve(port);
        markReady();
      },
      (error: unknown) => {
        failure = messageOf(error);
        send({ kind: 'fatal', message: failure });
        for (const port of waiting.splice(0)) serveUnavailable(port, failure);
        markReady();
      },
    );
  };

  parentPort.on('message', (event) => {
    const message = event.data;
    if (!isInbound(message)) {
      log(new Error('Unknown message from the main process.'), 'parent_port');
      return;
    }
    switch (message.kind) {
      case 'init':
        init(message);
        break;
      case 'secret-result':
        secrets?.receive(message);
        break;
      case 'connect': {
        const port = event.ports[0];
        if (port) serve(port);
        break;
      }
      case 'shutdown':
        // Close the database first, so the next start sees a clean shutdown and skips the integrity check.
        close();
        send({ kind: 'closed' });
        (options.exit ?? ((code: number) => process.exit(code)))(0);
        break;
    }
  });

  return {
    ready,
    get connections() {
      return sessions.size;
    },
    close,
  };
}
