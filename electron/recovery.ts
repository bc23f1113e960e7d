/**
 * Recovery from a damaged database: when the integrity check after an unclean shutdown fails, when the core
 * cannot open the database at all, or when the user asks (Help › Restore from Backup…), the user is offered
 * the automatic backups. Restoring stops the core, moves the damaged files aside (never deletes them), puts
 * the backup in place and starts the core again.
 */
import type { MessageBoxOptions } from 'electron';
import { listBackups, restoreBackup } from '../core/host/backups';
import type { BackupInfo, RestoreResult } from '../core/host/backups';

export type RecoveryReason = { kind: 'integrity'; problems: string[] } | { kind: 'unopenable'; message: string } | { kind: 'menu' };

/** How many backups the dialog offers (newest first). */
export const OFFERED_BACKUPS = 3;

export interface RestoreOffer {
  options: MessageBoxOptions;
  /** The backup behind each button; null for "not now". */
  choices: Array<BackupInfo | null>;
}

const defaultFormat = (iso: string): string =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

function lead(reason: RecoveryReason): { message: string; detail: string } {
  switch (reason.kind) {
    case 'integrity':
      return {
        message: 'Fieldbook found damage in its database.',
        detail: `The check after an unexpected shutdown reported: ${reason.problems[0] ?? 'an unknown problem'}.`,
      };
    case 'unopenable':
      return { message: 'Fieldbook could not open its data.', detail: reason.message };
    case 'menu':
      return { message: 'Restore from an automatic backup', detail: 'Fieldbook takes a backup of its database before each upgrade.' };
  }
}

/** The dialog offering the newest backups; pure, so its wording and choices are tested without Electron. */
export function restoreOffer(reason: RecoveryReason, backups: readonly BackupInfo[], dataDir: string, format: (iso: string) => string = defaultFormat): RestoreOffer {
  const { message, detail } = lead(reason);
  const offered = backups.slice(0, OFFERED_BACKUPS);
  if (offered.length === 0) {
    return {
      options: {
        type: reason.kind === 'menu' ? 'info' : 'error',
        message,
        detail: `${detail}\n\nThere is no automatic backup to restore yet (one is taken before each database upgrade). Make a copy of the data folder (${dataDir}) and contact support.`,
        buttons: ['OK'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      },
      choices: [null],
    };
  }
  const buttons = offered.map((b) => `Restore the backup of ${format(b.takenAt)}`);
  return {
    options: {
      type: reason.kind === 'menu' ? 'question' : 'error',
      message,
      detail:
        `${detail}\n\nYou can put an automatic backup in its place. Changes made after the backup that were not synced to a server are lost; ` +
        `the current database is kept in ${dataDir}/damaged/ and nothing is deleted.`,
      buttons: [...buttons, 'Not now'],
      defaultId: reason.kind === 'menu' ? offered.length : 0,
      cancelId: offered.length,
      noLink: true,
    },
    choices: [...offered, null],
  };
}

export interface RecoveryContext {
  dataDir: string;
  showMessageBox: (options: MessageBoxOptions) => Promise<{ response: number }>;
  /** Stops the core, runs `whileStopped`, starts the core again. */
  restartCore: (whileStopped: () => void) => Promise<void>;
  /** Tells the user (the renderer shows it as a notice). */
  notify: (message: string) => void;
  log: (message: string) => void;
  now?: () => Date;
  format?: (iso: string) => string;
}

export type RecoveryOutcome = { kind: 'restored'; result: RestoreResult } | { kind: 'declined' } | { kind: 'failed'; message: string };

/** Shows the offer and restores the chosen backup. One dialog at a time is the caller's business. */
export async function offerRestore(context: RecoveryContext, reason: RecoveryReason): Promise<RecoveryOutcome> {
  const offer = restoreOffer(reason, listBackups(context.dataDir), context.dataDir, context.format);
  const { response } = await context.showMessageBox(offer.options);
  const chosen = offer.choices[response] ?? null;
  if (!chosen) return { kind: 'declined' };
  // Filled in while the core is stopped.
  const outcome: { result?: RestoreResult; failure?: string } = {};
  await context.restartCore(() => {
    try {
      outcome.result = restoreBackup(context.dataDir, chosen.name, context.now?.() ?? new Date());
    } catch (error) {
      outcome.failure = error instanceof Error ? error.message : String(error);
    }
  });
  const restored = outcome.result;
  if (!restored) {
    const message = outcome.failure ?? 'The backup could not be restored.';
    context.log(`restore failed: ${message}`);
    await context.showMessageBox({ type: 'error', message: 'The backup could not be restored.', detail: message, buttons: ['OK'], noLink: true });
    return { kind: 'failed', message };
  }
  context.log(`restored backup ${restored.restored.name}; damaged files kept in ${restored.keptIn ?? '(none)'}`);
  context.notify(
    `Fieldbook restored the backup of ${(context.format ?? defaultFormat)(restored.restored.takenAt)}.` +
      (restored.keptIn ? ` The damaged database was kept in ${restored.keptIn}.` : ''),
  );
  return { kind: 'restored', result: restored };
}
