/**
 * Which data folder the desktop app opens (DESIGN.md §4): `--data-dir`, else a folder the user chose in the
 * settings, else the same folder the CLI and the browser host resolve (`FIELDBOOK_DATA_DIR`, the per-platform
 * default). Pure: callers pass argv, environment, platform and home so tests need no Electron.
 */
import { resolveDataDir } from '../core/host/dataDir';

const SWITCH = '--data-dir';

/**
 * The value of `--data-dir DIR` or `--data-dir=DIR` on the command line, or undefined. Anything after a
 * bare `--` is not a switch. The last occurrence wins, as with the CLI's own parsing of repeated flags.
 */
export function dataDirSwitch(argv: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === undefined || arg === '--') break;
    if (arg === SWITCH) {
      const next = argv[index + 1];
      if (next !== undefined && !next.startsWith('-')) {
        value = next;
        index += 1;
      }
    } else if (arg.startsWith(`${SWITCH}=`)) {
      value = arg.slice(SWITCH.length + 1);
    }
  }
  return value !== undefined && value.trim() !== '' ? value : undefined;
}

export interface DataDirSources {
  /** `settings.dataDir`: null when the user never chose a folder. */
  stored: string | null;
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

/** A `--data-dir` given at launch wins over the folder stored in settings, which wins over the environment. */
export function desktopDataDir(sources: DataDirSources): string {
  return dataDirSwitch(sources.argv) ?? sources.stored ?? resolveDataDir(undefined, sources.env, sources.platform, sources.home);
}
