/**
 * The tray icon and its timer menu (the menu itself is built in trayMenu.ts). Follows the core through the
 * main process's own CoreLink: refreshed when the timer changes, when data changes, when the core comes
 * back, and every minute while a timer runs (the elapsed time in the menu).
 */
import { Menu, Tray } from 'electron';
import type { CoreLink } from '../core/api/contract';
import { readAccountName, readRunningTimer, readTodayMinutes, startTimer, stopTimer, switchTimer, TIMER_CHANGED_EVENT } from './coreMethods';
import type { TimerChoice } from './coreMethods';
import { buildTrayMenu, EMPTY_TRAY_STATE, rememberRecent, trayTooltip } from './trayMenu';
import type { TrayRecent, TrayTimerState } from './trayMenu';

export interface TrayControllerOptions {
  link: CoreLink;
  iconPath: string;
  /** The recent pairs saved last time, and where to save them. */
  recent: TrayRecent[];
  saveRecent(recent: TrayRecent[]): void;
  show(): void;
  quit(): void;
  /** A start/stop/switch failed: the message for the user. */
  onError(message: string): void;
  now?: () => Date;
}

const REFRESH_DEBOUNCE_MS = 200;
const TICK_MS = 60_000;

export class TrayController {
  private readonly tray: Tray;
  private state: TrayTimerState;
  private readonly listeners = new Set<(state: TrayTimerState) => void>();
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private readonly unsubscribe: () => void;
  private readonly now: () => Date;
  private destroyed = false;

  constructor(private readonly options: TrayControllerOptions) {
    this.now = options.now ?? (() => new Date());
    this.state = { ...EMPTY_TRAY_STATE, recent: options.recent };
    this.tray = new Tray(options.iconPath);
    this.tray.setToolTip('Fieldbook');
    // Linux trays show the menu on click; on Windows a click should open it too rather than do nothing.
    this.tray.on('click', () => this.tray.popUpContextMenu());
    this.unsubscribe = options.link.onEvent((frame) => {
      const name: string = frame.name;
      if (name === TIMER_CHANGED_EVENT || name === 'data.changed') this.scheduleRefresh();
    });
    this.render();
  }

  get current(): TrayTimerState {
    return this.state;
  }

  /** Called with every new state (idle detection watches whether a timer runs). */
  onChange(listener: (state: TrayTimerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  scheduleRefresh(): void {
    if (this.refreshTimer || this.destroyed) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, REFRESH_DEBOUNCE_MS);
  }

  async refresh(): Promise<void> {
    const { link } = this.options;
    const [timer, todayMinutes] = await Promise.all([readRunningTimer(link), readTodayMinutes(link)]);
    if (this.destroyed) return;
    let recent = this.state.recent;
    let running: TrayTimerState['running'] = null;
    if (timer) {
      const accountName = timer.accountName ?? (await readAccountName(link, timer.accountId));
      running = { accountId: timer.accountId, category: timer.category, sku: timer.sku, accountName, startedAt: timer.startedAt };
      const next = rememberRecent(recent, { accountId: timer.accountId, category: timer.category, sku: timer.sku, accountName });
      if (JSON.stringify(next) !== JSON.stringify(recent)) {
        recent = next;
        this.options.saveRecent(recent);
      }
    }
    this.state = { available: timer !== undefined, running, todayMinutes, recent };
    this.render();
    for (const listener of this.listeners) listener(this.state);
  }

  destroy(): void {
    this.destroyed = true;
    this.unsubscribe();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    if (this.ticker) clearInterval(this.ticker);
    this.tray.destroy();
  }

  private act(action: () => Promise<void>): void {
    action().then(
      () => this.scheduleRefresh(),
      (error: unknown) => this.options.onError(error instanceof Error ? error.message : String(error)),
    );
  }

  private render(): void {
    const now = this.now();
    const { link } = this.options;
    const template = buildTrayMenu(this.state, now, {
      start: (choice: TimerChoice) => this.act(() => startTimer(link, choice)),
      switchTo: (choice: TimerChoice) => this.act(() => switchTimer(link, choice)),
      stop: () => this.act(() => stopTimer(link)),
      show: () => this.options.show(),
      quit: () => this.options.quit(),
    });
    this.tray.setContextMenu(Menu.buildFromTemplate(template));
    this.tray.setToolTip(trayTooltip(this.state, now));
    // The elapsed time in the menu moves on by the minute, only while a timer runs.
    if (this.state.running && !this.ticker) {
      this.ticker = setInterval(() => this.render(), TICK_MS);
    } else if (!this.state.running && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = null;
    }
  }
}
