/**
 * IPC channel names private to the shell (the core's port channel lives in core/api/contract.ts).
 * None is ever exposed to page scripts: the preload uses them and exposes only the CoreLink.
 */
import type { AppNotice, EventFrame, TimerIdleCommand } from '../core/api/contract';

/** Preload → main: "this page wants a connection to the core". Answered on PORT_CHANNEL; senders are validated. */
export const PORT_REQUEST_CHANNEL = 'fieldbook:core-port-request';

/** Main → preload: a menu command for the renderer, forwarded to `onEvent` listeners as an `app.command` event. */
export const APP_COMMAND_CHANNEL = 'fieldbook:app-command';

/** Commands the menu (and a clicked notification) may send. */
export const APP_COMMANDS = ['account.new', 'actions.open'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'string' && (APP_COMMANDS as readonly string[]).includes(value);
}

/**
 * Main → preload: an event the shell itself raises (the user came back from idle while a timer ran; the core
 * was restarted; a backup was restored), delivered to `onEvent` listeners like the core's own events.
 */
export const APP_EVENT_CHANNEL = 'fieldbook:app-event';

export type ShellEvent = EventFrame<'app.command'> | EventFrame<'app.notice'>;

const NOTICE_KINDS: ReadonlySet<AppNotice['kind']> = new Set(['core.restarted', 'backup.restored', 'update.ready', 'action.failed']);
const MAX_NOTICE_LENGTH = 2000;

export function idleEvent(idleSince: string): ShellEvent {
  const payload: TimerIdleCommand = { command: 'timer.idle', idleSince };
  return { kind: 'event', name: 'app.command', payload };
}

export function noticeEvent(notice: AppNotice): ShellEvent {
  return { kind: 'event', name: 'app.notice', payload: notice };
}

/** The preload's check of what main sent: a known event with a well-formed payload, rebuilt field by field. */
export function parseShellEvent(value: unknown): ShellEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, payload } = value as { name?: unknown; payload?: unknown };
  if (typeof payload !== 'object' || payload === null) return null;
  if (name === 'app.command') {
    const { command, idleSince } = payload as { command?: unknown; idleSince?: unknown };
    if (command !== 'timer.idle' || typeof idleSince !== 'string' || Number.isNaN(Date.parse(idleSince))) return null;
    return idleEvent(new Date(idleSince).toISOString());
  }
  if (name === 'app.notice') {
    const { kind, message } = payload as { kind?: unknown; message?: unknown };
    if (typeof kind !== 'string' || !NOTICE_KINDS.has(kind as AppNotice['kind'])) return null;
    if (typeof message !== 'string' || message.length === 0 || message.length > MAX_NOTICE_LENGTH) return null;
    return noticeEvent({ kind: kind as AppNotice['kind'], message });
  }
  return null;
}
