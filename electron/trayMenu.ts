/**
 * The tray menu around the running timer, built by pure functions over a small state so every shape is
 * tested without Electron: start, stop and switch the timer, today's total, open the window, quit.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { TimerChoice } from './coreMethods';

export interface TrayRecent extends TimerChoice {
  accountName: string | null;
}

export interface TrayTimerState {
  /** false: the core cannot answer timer calls (it is restarting, or this build has no timer). */
  available: boolean;
  running: (TrayRecent & { startedAt: string }) | null;
  /** Minutes logged today; null when unknown. */
  todayMinutes: number | null;
  /** Account/category pairs used lately, newest first: what Start and Switch offer. */
  recent: TrayRecent[];
}

export const EMPTY_TRAY_STATE: TrayTimerState = { available: false, running: null, todayMinutes: null, recent: [] };

export interface TrayActions {
  start: (choice: TimerChoice) => void;
  switchTo: (choice: TimerChoice) => void;
  stop: () => void;
  show: () => void;
  quit: () => void;
}

/** How many recent pairs the tray offers. */
export const MAX_RECENT = 5;

/** `90` → `1 h 30 min`, `5` → `5 min`. */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.floor(minutes));
  if (whole < 60) return `${whole} min`;
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}

/** `roadmap_review` → `Roadmap review`. */
export function categoryLabel(category: string): string {
  const words = category.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function choiceLabel(choice: TrayRecent): string {
  const account = choice.accountName ?? 'Unnamed account';
  return `${account} · ${categoryLabel(choice.category)}${choice.sku ? ` (${choice.sku})` : ''}`;
}

export function sameChoice(a: TimerChoice, b: TimerChoice): boolean {
  return a.accountId === b.accountId && a.category === b.category && (a.sku ?? null) === (b.sku ?? null);
}

/** Minutes since `startedAt`; 0 for a start in the future or an unreadable instant. */
export function elapsedMinutes(startedAt: string, now: Date): number {
  const started = Date.parse(startedAt);
  if (Number.isNaN(started)) return 0;
  return Math.max(0, Math.floor((now.getTime() - started) / 60_000));
}

/** Puts `choice` first, without duplicates, keeping at most MAX_RECENT. */
export function rememberRecent(recent: readonly TrayRecent[], choice: TrayRecent): TrayRecent[] {
  return [choice, ...recent.filter((r) => !sameChoice(r, choice))].slice(0, MAX_RECENT);
}

function choiceItems(choices: readonly TrayRecent[], pick: (choice: TimerChoice) => void): MenuItemConstructorOptions[] {
  return choices.map((choice) => ({
    label: choiceLabel(choice),
    click: () => pick({ accountId: choice.accountId, category: choice.category, sku: choice.sku }),
  }));
}

export function buildTrayMenu(state: TrayTimerState, now: Date, actions: TrayActions): MenuItemConstructorOptions[] {
  const timer: MenuItemConstructorOptions[] = [];
  if (!state.available) {
    timer.push({ label: 'Timer not available right now', enabled: false });
  } else if (state.running) {
    const running = state.running;
    const others = state.recent.filter((r) => !sameChoice(r, running));
    timer.push(
      { label: `Running: ${choiceLabel(running)} — ${formatMinutes(elapsedMinutes(running.startedAt, now))}`, enabled: false },
      { label: 'Stop timer', click: () => actions.stop() },
      {
        label: 'Switch to',
        submenu: others.length > 0 ? choiceItems(others, (choice) => actions.switchTo(choice)) : [{ label: 'No other recent timers', enabled: false }],
      },
    );
  } else {
    timer.push(
      { label: 'No timer running', enabled: false },
      {
        label: 'Start timer',
        submenu:
          state.recent.length > 0
            ? choiceItems(state.recent, (choice) => actions.start(choice))
            : [{ label: 'Open Fieldbook to start one…', click: () => actions.show() }],
      },
    );
  }
  return [
    ...timer,
    ...(state.todayMinutes !== null ? [{ type: 'separator' } as const, { label: `Today: ${formatMinutes(state.todayMinutes)}`, enabled: false }] : []),
    { type: 'separator' },
    { label: 'Open Fieldbook', click: () => actions.show() },
    { label: 'Quit Fieldbook', click: () => actions.quit() },
  ];
}

/** The tray's hover text. */
export function trayTooltip(state: TrayTimerState, now: Date): string {
  if (!state.available || !state.running) return 'Fieldbook — no timer running';
  return `Fieldbook — ${choiceLabel(state.running)}, ${formatMinutes(elapsedMinutes(state.running.startedAt, now))}`;
}
