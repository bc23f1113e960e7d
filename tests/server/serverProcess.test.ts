import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanEnv, spawnServer } from './spawnServer';

const TIMEOUT = 30_000;

describe('the server process (npm run server)', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldbook-server-process-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it(
    'starts on a data folder, answers /v1/health and stops with exit 0 on SIGTERM',
    async () => {
      const dir = tempDir();
      const server = spawnServer(['--port', '0', '--data-dir', dir]);
      const url = await server.listening;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${url}/v1/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, protocol: 1, residencies: ['global'], serverSeq: 0 });
      expect(existsSync(join(dir, 'fieldbook-server.db'))).toBe(true);
      expect(await server.stop('SIGTERM'), server.stderr()).toEqual({ code: 0, signal: null });
      expect(server.stderr()).toBe('');
      // The port is closed once the process is gone.
      await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
    },
    TIMEOUT,
  );

  it(
    'stops with exit 0 on a SIGTERM sent as soon as the "listening on" line is read',
    async () => {
      // A supervisor may signal the moment the server says it listens: the handlers must already be installed.
      for (let i = 0; i < 3; i += 1) {
        const server = spawnServer(['--port', '0', '--data-dir', tempDir()]);
        await server.listening;
        expect(await server.stop('SIGTERM'), `attempt ${i}: ${server.stdout()}`).toEqual({ code: 0, signal: null });
      }
    },
    TIMEOUT,
  );

  it(
    'stops with exit 0 on SIGINT too, and starts again on the same data',
    async () => {
      const dir = tempDir();
      const first = spawnServer(['--port', '0', '--data-dir', dir]);
      expect((await fetch(`${await first.listening}/v1/health`)).status).toBe(200);
      expect(await first.stop('SIGINT')).toEqual({ code: 0, signal: null });
      const second = spawnServer(['--port', '0', '--data-dir', dir, '--region', 'eu-west', '--residency', 'eu']);
      const health = await fetch(`${await second.listening}/v1/health`);
      expect(await health.json()).toMatchObject({ ok: true, region: 'eu-west', residencies: ['eu'] });
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    },
    TIMEOUT,
  );

  it(
    'exits non-zero with a clear message on a bad configuration',
    async () => {
      const dir = tempDir();
      const busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const busyPort = String((busy.address() as AddressInfo).port);
      const badConfig = join(dir, 'broken.json');
      writeFileSync(badConfig, '{ not json');
      const cases: Array<{ args: string[]; env?: Record<string, string>; message: RegExp }> = [
        { args: ['--port', '0'], message: /Give a data folder \(--data-dir\).*or DATABASE_URL/ },
        { args: ['--port', '99999', '--data-dir', dir], message: /Bad server configuration \(port\)/ },
        { args: ['--port=-1', '--data-dir', dir], message: /Bad server configuration \(port\)/ },
        { args: ['--data-dir', dir], env: { FIELDBOOK_SERVER_PORT: 'eighty' }, message: /Bad server configuration \(port\)/ },
        { args: ['--port', '0', '--data-dir', dir, '--bogus'], message: /Unknown option '--bogus'/ },
        { args: ['--port', '0', '--config', join(dir, 'missing.json')], message: /Cannot read the configuration file .*missing\.json/ },
        { args: ['--port', '0', '--config', badConfig], message: /Cannot read the configuration file .*broken\.json/ },
        { args: ['--port', busyPort, '--data-dir', dir], message: /EADDRINUSE/ },
      ];
      try {
        const results = await Promise.all(
          cases.map(async ({ args, env, message }) => {
            const server = spawnServer(args, cleanEnv(env));
            const exit = await server.exited;
            return { args, exit, stderr: server.stderr(), stdout: server.stdout(), message };
          }),
        );
        for (const r of results) {
          const seen = JSON.stringify({ args: r.args, exit: r.exit, stderr: r.stderr });
          expect(r.exit.code, seen).not.toBe(0);
          expect(r.exit.code, seen).not.toBeNull();
          expect(r.stderr, seen).toMatch(/^fieldbook-server: /);
          expect(r.stderr, seen).toMatch(r.message);
          // A message a person can read, not a stack trace.
          expect(r.stderr, seen).not.toMatch(/^\s+at /m);
          expect(r.stdout, seen).not.toMatch(/listening on/);
        }
      } finally {
        await new Promise<void>((resolve) => busy.close(() => resolve()));
      }
    },
    TIMEOUT,
  );
});
