import { STATUS_CODES, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ErrorCode } from '../core/model';
import { DEVICE_REVOKED, PROTOCOL_VERSION, pushRequestSchema } from '../core/protocol/wire';
import type { ErrorResponse } from '../core/protocol/wire';
import { hashToken } from './auth';
import type { ServerConfig } from './config';
import type { Metrics } from './metrics';
import { createMetrics } from './metrics';
import type { Device, ServerStore, User } from './storage/serverStore';
import { ProtocolError, SyncService } from './sync';
import { pullResponseJson } from './wireJson';

const STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  clock_skew: 400,
  resync_required: 410,
  upgrade_required: 426,
  unavailable: 429,
  internal: 500,
};

class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = STATUS[code],
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpError('invalid', `The request is larger than ${limit} bytes.`, 413));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError('invalid', `The request is larger than ${limit} bytes.`, 413));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A token bucket per device: a runaway client slows down instead of starving the others. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly perSecond: number) {}
  take(key: string): boolean {
    const now = Date.now();
    const burst = this.perSecond * 2;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    return true;
  }
}

function intParam(url: URL, name: string, fallback: number): number {
  const raw = url.searchParams.get(name);
  if (raw === null) return fallback;
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError('invalid', `The parameter ${name} must be a non-negative whole number.`);
  return Number(raw);
}

export interface RunningServer {
  url: string;
  port: number;
  metrics: Metrics;
  close(): Promise<void>;
}

/** The sync server's HTTP routes (DESIGN.md §5), versioned under /v1. */
export async function startHttpServer(config: ServerConfig, store: ServerStore, log: Logger): Promise<RunningServer> {
  const metrics = createMetrics();
  const sync = new SyncService(store, { residencies: config.residencies, maxSkewMs: config.maxSkewMs });
  const limiter = new RateLimiter(config.rateLimitPerSecond);

  async function authenticate(req: IncomingMessage): Promise<{ device: Device; user: User }> {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S{10,200})$/.exec(header);
    if (!match?.[1]) throw new HttpError('unauthenticated', 'Send the device token as "Authorization: Bearer <token>".');
    const device = await store.deviceByTokenHash(hashToken(match[1]));
    if (!device) throw new HttpError('unauthenticated', 'This device token is not known to the server.');
    if (device.revokedAt) {
      // The reason tells the client to purge what it holds: a lost laptop must not keep customer data.
      throw new HttpError('unauthenticated', 'This device was revoked. Ask an administrator for a new device token.', 401, {
        reason: DEVICE_REVOKED,
      });
    }
    const user = await store.userById(device.userId);
    if (!user) throw new HttpError('unauthenticated', 'The user of this device no longer exists.');
    if (!limiter.take(device.id)) throw new HttpError('unavailable', 'Too many requests from this device; slow down and retry.');
    return { device, user };
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string> {
    const path = url.pathname;
    if (path === '/v1/health' && req.method === 'GET') {
      sendJson(res, 200, { ok: true, protocol: PROTOCOL_VERSION, region: config.region, residencies: config.residencies, serverSeq: await store.currentSeq() });
      return 'health';
    }
    if (path === '/metrics' && req.method === 'GET') {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
      res.end(text);
      return 'metrics';
    }
    if (path === '/v1/push') {
      if (req.method !== 'POST') throw new HttpError('invalid', 'Use POST for /v1/push.', 405);
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) throw new HttpError('invalid', 'Send the push as application/json.', 415);
      const { device, user } = await authenticate(req);
      const text = await readBody(req, config.maxBodyBytes);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new HttpError('invalid', 'The request body is not valid JSON.');
      }
      if (typeof json === 'object' && json !== null && 'protocol' in json && json.protocol !== PROTOCOL_VERSION) {
        throw new HttpError('upgrade_required', `This server speaks sync protocol ${PROTOCOL_VERSION}. Update Fieldbook; your changes are kept.`);
      }
      const parsed = pushRequestSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new HttpError('invalid', `The push is not valid${issue?.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue?.message ?? ''}`);
      }
      const stop = metrics.latency.startTimer({ route: 'push' });
      const response = await sync.push(device, user, parsed.data);
      stop();
      for (const r of response.results) metrics.ops.inc({ outcome: r.status === 'rejected' ? r.code : r.status });
      sendJson(res, 200, response);
      return 'push';
    }
    if (path === '/v1/pull' || path === '/v1/snapshot') {
      if (req.method !== 'GET') throw new HttpError('invalid', `Use GET for ${path}.`, 405);
      const { device, user } = await authenticate(req);
      const limit = intParam(url, 'limit', 500);
      const routeName = path === '/v1/pull' ? 'pull' : 'snapshot';
      const stop = metrics.latency.startTimer({ route: routeName });
      const text =
        routeName === 'pull'
          ? pullResponseJson(await sync.pullRaw(device, user, intParam(url, 'cursor', 0), limit))
          : JSON.stringify(await sync.snapshot(device, user, url.searchParams.get('after'), limit, url.searchParams.get('account')));
      stop();
      sendText(res, 200, text);
      return routeName;
    }
    throw new HttpError('not_found', `No such endpoint: ${req.method ?? 'GET'} ${path}`);
  }

  const server: Server = createServer((req, res) => {
    let routeName = 'unknown';
    const finish = (status: number) => metrics.requests.inc({ route: routeName, status: String(status) });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://server');
    } catch {
      sendJson(res, 400, { error: { code: 'invalid', message: 'The request URL is not valid.' } } satisfies ErrorResponse);
      return finish(400);
    }
    route(req, res, url)
      .then((name) => {
        routeName = name;
        finish(res.statusCode);
      })
      .catch((error: unknown) => {
        let status = 500;
        let body: ErrorResponse = { error: { code: 'internal', message: 'The server failed; nothing was changed by this request.' } };
        if (error instanceof HttpError) {
          status = error.status;
          body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
        } else if (error instanceof ProtocolError) {
          status = STATUS[error.code];
          body = { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
        } else {
          log.error({ err: error, path: url.pathname }, 'request failed');
        }
        if (!res.headersSent) sendJson(res, status, body);
        else res.destroy();
        finish(status);
      });
  });
  // Requests the HTTP parser refuses (headers over 16 KiB, broken HTTP) get the error envelope too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message = status === 431 ? 'The request headers are too large.' : status === 408 ? 'The request took too long to arrive.' : 'The request is not valid HTTP.';
    const text = JSON.stringify({ error: { code: 'invalid', message } } satisfies ErrorResponse);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ host: config.host, port, region: config.region, residencies: config.residencies, storage: store.db.dialect }, 'Fieldbook server listening');
  return {
    url: `http://${config.host}:${port}`,
    port,
    metrics,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
