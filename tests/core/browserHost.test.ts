import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Core } from '../../core/api/core';
import type { ServerFrame } from '../../core/api/contract';
import { startBrowserHost } from '../../core/host/browserHost';
import { contentSecurityPolicy } from '../../core/host/csp';
import type { BrowserHost } from '../../core/host/browserHost';
import { tempDir, testCore } from './helpers';

let core: Core;
let host: BrowserHost;
let cleanup: () => void;

beforeEach(async () => {
  const t = await testCore();
  core = t.core;
  const web = tempDir();
  writeFileSync(join(web.dir, 'index.html'), '<!doctype html><title>Fieldbook</title>');
  host = await startBrowserHost({ core, staticDir: web.dir, port: 0 });
  cleanup = () => {
    t.close();
    web.cleanup();
  };
});
afterEach(async () => {
  await host.close();
  cleanup();
});

function connect(origin = `http://127.0.0.1:${host.port}`): WebSocket {
  return new WebSocket(`ws://127.0.0.1:${host.port}/api`, { origin });
}
function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((done) => ws.on('close', (code, reason) => done({ code, reason: reason.toString() })));
}
function nextFrame(ws: WebSocket, kind: ServerFrame['kind']): Promise<ServerFrame> {
  return new Promise((done) => {
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      if (frame.kind === kind) {
        ws.off('message', onMessage);
        done(frame);
      }
    };
    ws.on('message', onMessage);
  });
}
const accountCount = () => (core.store.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n;

describe('browser host', () => {
  it('listens on 127.0.0.1 and prints a URL with the token in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the page with a strict CSP, refuses other Host headers and path traversal', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Fieldbook</title>');
    const rebinding = await new Promise<number | undefined>((done, fail) =>
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: 'evil.example' } }, (res) => {
        res.resume();
        done(res.statusCode);
      })
        .on('error', fail)
        .end(),
    );
    expect(rebinding).toBe(421);
    const traversal = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
  });

  it('answers calls after a good hello and pushes change events', async () => {
    const ws = connect();
    await new Promise((done) => ws.once('open', done));
    ws.send(JSON.stringify({ kind: 'hello', token: host.token }));
    await nextFrame(ws, 'welcome');
    const event = nextFrame(ws, 'event');
    const response = nextFrame(ws, 'response');
    ws.send(JSON.stringify({ kind: 'request', id: 7, method: 'accounts.create', input: { name: 'Over the wire' } }));
    const frame = await response;
    expect(frame).toMatchObject({ kind: 'response', id: 7, result: { ok: true, data: { name: 'Over the wire' } } });
    expect(await event).toEqual({ kind: 'event', name: 'data.changed', payload: { tables: ['accounts'], external: false } });
    ws.close();
  });

  it('closes an unauthenticated request with a clear reason and changes nothing', async () => {
    const ws = connect();
    await new Promise((done) => ws.once('open', done));
    const end = closed(ws);
    ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'accounts.create', input: { name: 'Sneaky' } }));
    expect(await end).toEqual({ code: 4401, reason: 'The access token is missing or wrong.' });
    expect(accountCount()).toBe(0);
  });

  it('refuses a wrong token', async () => {
    const ws = connect();
    await new Promise((done) => ws.once('open', done));
    const end = closed(ws);
    ws.send(JSON.stringify({ kind: 'hello', token: 'x'.repeat(host.token.length) }));
    expect((await end).code).toBe(4401);
  });

  it('closes on a malformed message with a clear reason and changes nothing', async () => {
    const ws = connect();
    await new Promise((done) => ws.once('open', done));
    ws.send(JSON.stringify({ kind: 'hello', token: host.token }));
    await nextFrame(ws, 'welcome');
    const end = closed(ws);
    ws.send('{"kind":"request","id":1,"method":"accounts.create","input":{"name":"half');
    expect(await end).toEqual({ code: 4400, reason: 'The message is not valid JSON.' });
    expect(accountCount()).toBe(0);
  });

  it('answers an invalid request with an invalid envelope, not a crash', async () => {
    const ws = connect();
    await new Promise((done) => ws.once('open', done));
    ws.send(JSON.stringify({ kind: 'hello', token: host.token }));
    await nextFrame(ws, 'welcome');
    const response = nextFrame(ws, 'response');
    ws.send(JSON.stringify({ kind: 'request', id: 3, method: 'accounts.create', input: { name: 'x', tier: 'gold' } }));
    expect(await response).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid' } } });
    expect(accountCount()).toBe(0);
    ws.close();
  });

  it('survives a malformed upgrade request and keeps serving', async () => {
    const reply = await new Promise<string>((done, fail) => {
      const socket = connectTcp(host.port, '127.0.0.1', () => {
        socket.write(
          'GET http://[::1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => done(text));
      socket.on('error', fail);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await fetch(`http://127.0.0.1:${host.port}/`)).status).toBe(200);
  });

  it('refuses a WebSocket from another origin', async () => {
    const ws = connect('https://evil.example');
    const error = await new Promise<Error>((done) => ws.once('error', done));
    expect(error.message).toMatch(/403/);
  });
});

describe('npm run start:browser', () => {
  it('picks a free port with --port 0, prints the URL and stops cleanly on SIGTERM', async () => {
    const data = tempDir();
    const child = spawn('node', ['--import', 'tsx', 'core/host/browserMain.ts', '--port', '0', '--data-dir', data.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (match?.[1]) done(match[1]);
      });
      child.once('exit', (code) => fail(new Error(`exited early with ${code}: ${out}`)));
    });
    expect(new URL(url).port).not.toBe('0');
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    data.cleanup();
  });
});

describe('the built page', () => {
  it('carries the same CSP as the header, less frame-ancestors', async () => {
    const { build } = await import('vite');
    const out = tempDir();
    await build({ configFile: 'vite.config.ts', logLevel: 'silent', build: { outDir: out.dir, emptyOutDir: true } });
    const html = readFileSync(join(out.dir, 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    const expected = contentSecurityPolicy()
      .split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(expected);
    expect(html).not.toContain('%FIELDBOOK_CSP%');
    out.cleanup();
  }, 60_000);
});
