import { readFileSync } from 'node:fs';
import type { AppInfo, CoreLink, ManagedSettings } from './contract';
import { createDispatcher } from './dispatcher';
import type { Dispatcher } from './dispatcher';
import { EventBus } from './events';
import { createHandlers } from './handlers';
import { createInstallationApi } from './installation';
import type { SecretStore } from '../sync/secrets';
import { createSyncApi } from './sync';
import type { BackgroundSyncOptions } from './sync';

const DEFAULT_BACKGROUND_SYNC: BackgroundSyncOptions = { debounceMs: 3000, intervalMs: 60_000, maxBackoffMs: 10 * 60_000 };
import { createServices } from '../services';
import type { ServiceContext } from '../services';
import { ImportService } from '../io/import/service';
import { CatalogRepo } from '../store/catalogRepo';
import { TierTermsRepo } from '../store/tierTermsRepo';
import { openStore } from '../store/store';
import type { Store } from '../store/store';
import { DEFAULT_REMINDER_SCHEDULE, startReminders } from './reminders';
import type { ReminderScheduleOptions } from './reminders';
import { TimeIoApi } from '../io/timeIo';
import { ReportsService } from '../reports';

export interface CoreOptions {
  dataDir: string;
  host: AppInfo['host'];
  nativeBinding?: string;
  /** Background sync; on by default in the browser host, off in-process (the CLI and tests sync when told). */
  backgroundSync?: BackgroundSyncOptions;
  /** How often to look for writes by another process (the CLI) on the same database. 0 turns it off. */
  watchIntervalMs?: number;
  log?: (error: unknown, context: string) => void;
  /** Due reminders for action items; on by default in the browser host and the desktop app, off in-process. */
  reminders?: ReminderScheduleOptions | false;
  /** Where device tokens live; the desktop app passes its safeStorage bridge (without one it cannot sync). */
  secrets?: SecretStore;
  /** The administrator's managed settings, read from the policy file by the host. */
  policy?: ManagedSettings | null;
}

export interface Core {
  readonly store: Store;
  readonly dispatcher: Dispatcher;
  readonly events: EventBus;
  /** An in-process link: what tests and the CLI use instead of a wire. */
  readonly link: CoreLink;
  close(): void;
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Opens the data folder and assembles services, dispatcher and events: the whole core, for any host. */
export async function openCore(options: CoreOptions): Promise<Core> {
  const log = options.log ?? (() => {});
  const store = await openStore({
    dataDir: options.dataDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  new CatalogRepo(store).seed();
  new TierTermsRepo(store).seed();
  const events = new EventBus();
  // Local writes notify the screens and, with background sync on, schedule a pass.
  let afterLocalWrite = () => {};
  const context: ServiceContext = {
    store,
    changed: (tables) => {
      events.emit('data.changed', { tables, external: false });
      afterLocalWrite();
    },
  };
  const services = createServices(context);
  const imports = new ImportService(context);
  // Time export and import live in core/io, a floor above the services, so they are assembled here.
  const timeIo = new TimeIoApi(context);
  const version = packageVersion();
  // Kept so a window that connects after the check finished still learns its result.
  let integrity: AppInfo['integrity'] = null;
  const info = (): AppInfo => ({ version, dataDir: store.dataDir, databasePath: store.path, host: options.host, integrity });
  // A sync pass that pulled or purged rows changed what every screen shows.
  const background = options.backgroundSync ?? (options.host === 'browser' || options.host === 'electron' ? DEFAULT_BACKGROUND_SYNC : undefined);
  const sync = createSyncApi({
    store,
    host: options.host,
    changed: () => events.emit('data.changed', { tables: ['*'], external: false }),
    ...(background ? { background } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.policy?.sync ? { policy: options.policy.sync } : {}),
  });
  afterLocalWrite = () => sync.schedule();
  services.timer.onChange((timer) => events.emit('timer.changed', timer));
  const installation = createInstallationApi(store, version, options.policy);
  const dispatcher = createDispatcher(createHandlers({ services, info, sync, installation, imports, timeIo, reports: new ReportsService(store) }), (error, method) => log(error, method));

  void store.integrity?.then((result) => {
    integrity = result;
    if (!result.ok) log(new Error(result.problems.join('; ')), 'integrity_check');
    events.emit('store.integrity', result);
  });

  // PRAGMA data_version changes only when another connection commits: the CLI wrote while we were open.
  let lastVersion = store.db.pragma('data_version', { simple: true }) as number;
  const interval = options.watchIntervalMs ?? 1000;
  const timer =
    interval > 0
      ? setInterval(() => {
          const current = store.db.pragma('data_version', { simple: true }) as number;
          if (current !== lastVersion) {
            lastVersion = current;
            events.emit('data.changed', { tables: ['*'], external: true });
          }
        }, interval)
      : null;
  timer?.unref();
  // Off in-process unless asked for: a CLI run must not use up today's reminders that the app should give.
  const reminderOptions = options.reminders ?? (options.host === 'in-process' ? false : DEFAULT_REMINDER_SCHEDULE);
  const reminders = reminderOptions ? startReminders(services.actions, events, reminderOptions, log) : null;

  return {
    store,
    dispatcher,
    events,
    link: {
      request: (method, input) => dispatcher.dispatch(method, input),
      onEvent: (listener) => events.subscribe(listener),
    },
    close: () => {
      if (timer) clearInterval(timer);
      reminders?.stop();
      sync.stop();
      store.close();
    },
  };
}
