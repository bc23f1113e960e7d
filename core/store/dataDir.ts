import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The data folder (DESIGN.md §4): --data-dir, else FIELDBOOK_DATA_DIR, else the folder the desktop app uses.
 * Computed without Electron so the CLI and the browser host find the same folder the app does.
 */
export function resolveDataDir(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (explicit && explicit.trim() !== '') return explicit;
  const fromEnv = env['FIELDBOOK_DATA_DIR'];
  if (fromEnv && fromEnv.trim() !== '') return fromEnv;
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Fieldbook');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Fieldbook');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), 'Fieldbook');
}

export const DATABASE_FILE = 'fieldbook.db';
export const BACKUP_DIR = 'backups';
/** One marker file per process with the database open; a marker left by a dead process means an unclean shutdown. */
export const RUN_DIR = 'run';
