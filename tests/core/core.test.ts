import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventFrame } from '../../core/api/contract';
import { openCore } from '../../core/api/core';
import { main } from '../../core/cli/main';
import { RUN_DIR } from '../../core/store/dataDir';
import { tempDir } from './helpers';

function nextEvent(core: Awaited<ReturnType<typeof openCore>>, name: EventFrame['name']): Promise<EventFrame> {
  return new Promise((done) => {
    const off = core.events.subscribe((frame) => {
      if (frame.name === name) {
        off();
        done(frame);
      }
    });
  });
}

describe('core', () => {
  it('notices a write by another process (the CLI) on the same database', async () => {
    const t = tempDir();
    const core = await openCore({ dataDir: t.dir, host: 'in-process', watchIntervalMs: 20 });
    const changed = nextEvent(core, 'data.changed');
    const code = await main(['--data-dir', t.dir, 'accounts', 'add', '--name', 'From the CLI'], { out: () => {}, err: () => {} });
    expect(code).toBe(0);
    expect(await changed).toEqual({ kind: 'event', name: 'data.changed', payload: { tables: ['*'], external: true } });
    const list = await core.link.request('accounts.list', {});
    expect(list.ok && (list.data as Array<{ name: string }>).map((a) => a.name)).toEqual(['From the CLI']);
    core.close();
    t.cleanup();
  });

  it('publishes the result of the integrity check that follows an unclean shutdown', async () => {
    const t = tempDir();
    (await openCore({ dataDir: t.dir, host: 'in-process', watchIntervalMs: 0 })).close();
    mkdirSync(join(t.dir, RUN_DIR), { recursive: true });
    writeFileSync(join(t.dir, RUN_DIR, '2147483646.open'), 'x');
    const core = await openCore({ dataDir: t.dir, host: 'in-process', watchIntervalMs: 0 });
    const event = await nextEvent(core, 'store.integrity');
    expect(event.payload).toEqual({ ok: true, problems: [] });
    // A window that connects later learns the result from app.info.
    expect(await core.link.request('app.info', {})).toMatchObject({ ok: true, data: { integrity: { ok: true, problems: [] } } });
    core.close();
    t.cleanup();
  });

  it('reports where it runs and which data folder it uses', async () => {
    const t = tempDir();
    const core = await openCore({ dataDir: t.dir, host: 'in-process', watchIntervalMs: 0 });
    const info = await core.link.request('app.info', {});
    expect(info).toMatchObject({ ok: true, data: { host: 'in-process', dataDir: t.dir, version: '0.1.0' } });
    core.close();
    t.cleanup();
  });
});
