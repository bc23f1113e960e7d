const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import { BRIDGE_NAME } from '../../core/api/contract';
import type { CoreLink } from '../../core/api/contract';
import { APP_EVENT_CHANNEL, idleEvent, noticeEvent, parseShellEvent } from '../../electron/channels';

/** Events the shell raises itself reach the page like the core's events, after the preload checked them. */
describe('shell events', () => {
  beforeEach(() => electron.reset());

  it('accept the idle command and the notices, rebuilt field by field', () => {
    expect(parseShellEvent(idleEvent('2026-03-02T09:54:15.200Z'))).toEqual({
      kind: 'event',
      name: 'app.command',
      payload: { command: 'timer.idle', idleSince: '2026-03-02T09:54:15.200Z' },
    });
    const notice = noticeEvent({ kind: 'core.restarted', message: 'Restarted.' });
    expect(parseShellEvent({ ...notice, extra: 'dropped', payload: { ...notice.payload, html: '<b>x</b>' } })).toEqual(notice);
  });

  it('refuse anything else', () => {
    for (const value of [
      null,
      'app.notice',
      { name: 'data.changed', payload: { tables: ['*'], external: true } },
      { name: 'app.command', payload: { command: 'account.new' } },
      { name: 'app.command', payload: { command: 'timer.idle', idleSince: 'yesterday' } },
      { name: 'app.notice', payload: { kind: 'shell.exec', message: 'x' } },
      { name: 'app.notice', payload: { kind: 'core.restarted', message: '' } },
      { name: 'app.notice', payload: { kind: 'core.restarted', message: 'x'.repeat(2001) } },
      { name: 'app.notice' },
    ]) {
      expect(parseShellEvent(value)).toBeNull();
    }
  });

  it('reach onEvent listeners through the preload', async () => {
    vi.resetModules();
    await import('../../electron/preload');
    const link = electron.exposed[BRIDGE_NAME] as CoreLink;
    const received: unknown[] = [];
    link.onEvent((frame) => received.push(frame));
    electron.ipcRenderer.emit(APP_EVENT_CHANNEL, {}, idleEvent('2026-03-02T09:54:15.200Z'));
    electron.ipcRenderer.emit(APP_EVENT_CHANNEL, {}, { name: 'app.notice', payload: { kind: 'bogus', message: 'x' } });
    electron.ipcRenderer.emit(APP_EVENT_CHANNEL, {}, noticeEvent({ kind: 'backup.restored', message: 'Restored.' }));
    expect(received).toEqual([idleEvent('2026-03-02T09:54:15.200Z'), noticeEvent({ kind: 'backup.restored', message: 'Restored.' })]);
  });
});
