/**
 * IPC channel names private to the shell (the core's port channel lives in core/api/contract.ts).
 * Neither is ever exposed to page scripts: the preload uses them and exposes only the CoreLink.
 */

/** Preload → main: "this page wants a connection to the core". Answered on PORT_CHANNEL; senders are validated. */
export const PORT_REQUEST_CHANNEL = 'fieldbook:core-port-request';

/** Main → preload: a menu command for the renderer, forwarded to `onEvent` listeners as an `app.command` event. */
export const APP_COMMAND_CHANNEL = 'fieldbook:app-command';

/** Commands the menu may send. */
export const APP_COMMANDS = ['account.new'] as const;
export type AppCommand = (typeof APP_COMMANDS)[number];

export function isAppCommand(value: unknown): value is AppCommand {
  return typeof value === 'string' && (APP_COMMANDS as readonly string[]).includes(value);
}
