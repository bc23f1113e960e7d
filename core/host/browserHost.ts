import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, helloFrameSchema } from '../api/contract';
import type { ServerFrame } from '../api/contract';
import type { Core } from '../api/core';
import { serveFrames } from '../api/frames';
import { contentSecurityPolicy } from './csp';

export interface BrowserHostOptions {
  core: Core;
  /** The built renderer (vite build output). */
  staticDir: string;
  port: number;
  /** Fixed token for tests; a random one per start otherwise. */
  token?: string;
  log?: (line: string) => void;
}

export interface BrowserHost {
  /** The URL to open, token in the fragment so it never reaches a server log. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const HELLO_TIMEOUT_MS = 5000;
const MAX_MESSAGE_BYTES = 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};


function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Only our own page may talk to us: a Host or Origin naming anything else is a rebinding or cross-site attempt. */
function allowedHosts(port: number): Set<string> {
  return new Set([`${HOST}:${port}`, `localhost:${port}`]);
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function serveStatic(req: IncomingMessage, res: ServerResponse, root: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed');
  const pathname = decodeURIComponent(new URL(req.url ?? '/', `http://${HOST}`).pathname);
  const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^([/\\])+/, '');
  const file = resolve(root, relative);
  if (!file.startsWith(resolve(root) + sep)) return send(res, 404, 'Not found');
  if (!existsSync(root)) return send(res, 503, 'The app is not built yet. Run `npm run build`, then start the browser host again.');
  const target = existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
  const type = CONTENT_TYPES[extname(target)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    // 'self' covers the page's own ws:// origin (CSP Level 3), so the policy is the same as the desktop's.
    'Content-Security-Policy': contentSecurityPolicy(),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  // A file can vanish between the check and the read (a rebuild): end that response, not the process.
  createReadStream(target)
    .on('error', () => res.destroy())
    .pipe(res);
}

/** Serves the built renderer and the API over one WebSocket, on 127.0.0.1 only (DESIGN.md §3). */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core, staticDir } = options;
  const log = options.log ?? (() => {});
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let port = options.port;

  const server = createServer((req, res) => {
    if (!allowedHosts(port).has(req.headers.host ?? '')) return send(res, 421, 'Unknown host.');
    try {
      serveStatic(req, res, staticDir);
    } catch {
      send(res, 400, 'Bad request.');
    }
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    let path: string;
    try {
      path = new URL(req.url ?? '/', `http://${HOST}`).pathname;
    } catch {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nThe request is malformed.\n');
      return;
    }
    const origin = req.headers.origin ?? '';
    const hostOk = allowedHosts(port).has(req.headers.host ?? '');
    const originOk = [...allowedHosts(port)].some((h) => origin === `http://${h}`);
    if (path !== '/api' || !hostOk || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nThis endpoint only serves the Fieldbook page it belongs to.\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws: WebSocket): void {
    sockets.add(ws);
    const sendFrame = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    let session: ReturnType<typeof serveFrames> | null = null;
    const helloTimer = setTimeout(() => ws.close(CLOSE_CODES.badToken, 'No access token was presented.'), HELLO_TIMEOUT_MS);
    ws.on('message', (data: Buffer, isBinary) => {
      const text = isBinary ? '' : data.toString('utf8');
      if (session) return session.receive(text);
      let hello: unknown;
      try {
        hello = JSON.parse(text);
      } catch {
        hello = null;
      }
      const parsed = helloFrameSchema.safeParse(hello);
      clearTimeout(helloTimer);
      if (!parsed.success || !sameToken(parsed.data.token, token)) {
        log('Refused a connection with a missing or wrong access token.');
        ws.close(CLOSE_CODES.badToken, 'The access token is missing or wrong.');
        return;
      }
      session = serveFrames(core, sendFrame, (reason) => ws.close(CLOSE_CODES.badFrame, reason));
      sendFrame({ kind: 'welcome' });
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      session?.close();
      sockets.delete(ws);
    });
    ws.on('error', () => ws.terminate());
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets) ws.close(1001, 'The browser host is stopping.');
      await new Promise<void>((done) => wss.close(() => done()));
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
