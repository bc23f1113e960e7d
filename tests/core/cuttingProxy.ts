import { connect, createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { seededRandom } from '../fixtures/seededRandom';

export interface CutPlan {
  /** Which direction is cut: 'request' (client → server) or 'response' (server → client). */
  direction: 'request' | 'response';
  /** How many bytes of that direction pass before both sockets are destroyed. */
  afterBytes: number;
}

export interface CuttingProxyOptions {
  /** Where connections go, e.g. http://127.0.0.1:4790. */
  target: string;
  seed: number;
  /**
   * The share of new connections that get a cut planned (0 = a plain pass-through proxy). A keep-alive
   * connection without a plan is never cut, so 1 keeps faults coming for as long as cutting is on.
   */
  cutProbability?: number;
  /**
   * Offsets are drawn log-uniformly from [1, maxRequestBytes) and [1, maxResponseBytes): as many cuts inside
   * the headers as deep inside a large body.
   */
  maxRequestBytes?: number;
  maxResponseBytes?: number;
}

export interface CuttingProxy {
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Connections actually cut (the planned offset was reached), by the direction cut. */
  readonly cuts: { request: number; response: number };
  /** Bytes forwarded from clients to the server so far. */
  readonly requestBytes: number;
  /** Turns cutting on or off; connections already open stop being cut at their next chunk. */
  setCutting(on: boolean): void;
  /** Resolves at the next accepted connection. */
  nextConnection(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 that forwards byte for byte and, for a seeded share of connections, destroys both
 * sides once a seeded number of request or response bytes went through: a request cut before the server read
 * it whole, or a response cut after the server committed.
 */
export async function startCuttingProxy(options: CuttingProxyOptions): Promise<CuttingProxy> {
  const upstream = new URL(options.target);
  const random = seededRandom(options.seed);
  const probability = options.cutProbability ?? 0;
  const maxRequest = options.maxRequestBytes ?? 200_000;
  const maxResponse = options.maxResponseBytes ?? 100_000;
  let cutting = probability > 0;
  let connections = 0;
  const cuts = { request: 0, response: 0 };
  let requestBytes = 0;
  const open = new Set<Socket>();
  let waiters: Array<() => void> = [];

  const server: Server = createServer((client) => {
    connections += 1;
    for (const wake of waiters) wake();
    waiters = [];
    const offset = (max: number) => Math.floor(Math.exp(random() * Math.log(max)));
    const plan: CutPlan | null =
      random() < probability
        ? random() < 0.5
          ? { direction: 'request', afterBytes: offset(maxRequest) }
          : { direction: 'response', afterBytes: offset(maxResponse) }
        : null;
    const backend = connect(Number(upstream.port), upstream.hostname);
    open.add(client);
    open.add(backend);
    let cut = false;
    const passed = { request: 0, response: 0 };
    const destroyBoth = () => {
      client.destroy();
      backend.destroy();
    };
    const pipe = (from: Socket, to: Socket, direction: CutPlan['direction']) => {
      from.on('data', (chunk: Buffer) => {
        if (cut) return;
        let data = chunk;
        if (cutting && plan?.direction === direction && passed[direction] + data.length >= plan.afterBytes) {
          data = data.subarray(0, Math.max(0, plan.afterBytes - passed[direction]));
          cut = true;
        }
        passed[direction] += data.length;
        if (direction === 'request') requestBytes += data.length;
        if (cut) {
          cuts[direction] += 1;
          // Write what may pass, then drop both sides without a graceful end.
          if (data.length > 0) to.write(data, destroyBoth);
          else destroyBoth();
          return;
        }
        if (!to.write(data)) {
          from.pause();
          to.once('drain', () => from.resume());
        }
      });
      from.on('end', () => {
        if (!cut) to.end();
      });
    };
    pipe(client, backend, 'request');
    pipe(backend, client, 'response');
    for (const socket of [client, backend]) {
      socket.on('error', destroyBoth);
      socket.on('close', () => {
        open.delete(socket);
        destroyBoth();
      });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    get cuts() {
      return cuts;
    },
    get requestBytes() {
      return requestBytes;
    },
    setCutting: (on) => {
      cutting = on;
    },
    nextConnection: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
