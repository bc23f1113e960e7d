import { createStore } from 'zustand/vanilla';
import type {
  Account,
  PendingEntry,
  PendingWeek,
  RunningTimer,
  Sku,
  TimeEntry,
  TimeSettings,
  TimerLimitNotice,
  TimerStart,
  WeekView,
} from '../../../../core/model';
import { localDate, rowKey, shiftWeek, weekOf } from '../../../../core/model';
import type { InputOf } from '../../../../core/api/contract';
import type { ApiClient } from '../../api/client';
import { errorMessage, isEvent } from '../../api/client';

/** A grid row a person added or copied from last week, before it holds any time. */
export interface ExtraRow {
  accountId: string;
  sku: string | null;
  category: TimeEntry['category'];
}

export type TimeTab = 'week' | 'approvals';

export interface TimeState {
  timer: RunningTimer | null | undefined;
  /** The forgotten-timer guard's question, while unanswered. */
  notice: TimerLimitNotice | null;
  /** The desktop shell saw the person come back from idle while the timer ran. */
  idleSince: string | null;
  settings: TimeSettings | null;

  accounts: Account[];
  /** Contract SKUs by `accountId|date`. */
  skus: Record<string, Sku[]>;

  tab: TimeTab;
  week: string;
  view: WeekView | null;
  weekError: string | null;
  extraRows: Record<string, ExtraRow[]>;

  pending: { weeks: PendingWeek[]; entries: PendingEntry[] } | null;
  pendingError: string | null;

  today: () => string;
  /** Loads what the timer needs everywhere (the timer, its question, the guard's setting). */
  load: () => Promise<void>;
  /**
   * The Time area is on screen: load its week and account names, and keep them fresh while it stays. Elsewhere
   * only the timer is followed, so other screens pay for nothing they do not show. Returns the unwatch.
   */
  watch: () => () => void;
  loadTimer: () => Promise<void>;
  loadWeek: () => Promise<void>;
  loadAccounts: () => Promise<void>;
  loadPending: () => Promise<void>;
  loadSettings: () => Promise<void>;
  skusOf: (accountId: string, date: string) => Promise<Sku[]>;

  setTab: (tab: TimeTab) => void;
  goToWeek: (week: string) => void;
  shift: (weeks: number) => void;

  start: (input: TimerStart) => Promise<void>;
  switchTo: (input: TimerStart) => Promise<void>;
  stop: () => Promise<TimeEntry | null>;
  discard: () => Promise<void>;
  resolveIdle: (decision: InputOf<'timer.resolveIdle'>) => Promise<void>;
  dismissIdle: () => void;
  resolveLimit: (minutes?: number) => Promise<void>;
  saveSettings: (settings: TimeSettings) => Promise<TimeSettings>;

  add: (draft: InputOf<'time.add'>) => Promise<TimeEntry>;
  remove: (id: string) => Promise<void>;
  restore: (id: string) => Promise<void>;
  setCell: (input: InputOf<'time.setCell'>) => Promise<void>;
  adjust: (input: InputOf<'time.adjust'>) => Promise<TimeEntry>;
  addRow: (row: ExtraRow) => void;
  /** Adds last week's rows (account × SKU) to this week; returns how many were new. */
  copyLastWeek: () => Promise<number>;
  submit: () => Promise<void>;
  withdraw: () => Promise<void>;
  approve: (userId: string, week: string) => Promise<void>;
  reject: (userId: string, week: string, reason: string) => Promise<void>;
  approveEntry: (id: string) => Promise<void>;
  rejectEntry: (id: string, reason: string) => Promise<void>;

  /** Listens to the core: timer changes, idle reports from the desktop shell, changed time. Returns the unsubscribe. */
  listen: () => () => void;
}

export type TimeStore = ReturnType<typeof createTimeStore>;

const TIME_TABLES = ['time_entries', 'timesheets', 'timesheet_events', 'contracts', 'accounts'];
const REFRESH_DELAY_MS = 100;

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function createTimeStore(client: ApiClient, now: () => Date = () => new Date()) {
  const today = () => localDate(now(), browserZone());
  // Week loads can overlap (fast week navigation); only the newest may write.
  let latestWeek = 0;
  let watchers = 0;

  return createStore<TimeState>()((set, get) => {
    /** The timer's account name is shown everywhere (title, sidebar): fetch the names when it is not known. */
    async function nameOf(accountId: string | undefined): Promise<void> {
      if (accountId && !get().accounts.some((a) => a.id === accountId)) await get().loadAccounts();
    }

    /** A write, then the week (and approvals, for a manager) again. */
    async function write<T>(run: () => Promise<T>): Promise<T> {
      const result = await run();
      await Promise.all([get().loadWeek(), get().pending ? get().loadPending() : Promise.resolve()]);
      return result;
    }

    return {
      timer: undefined,
      notice: null,
      idleSince: null,
      settings: null,
      accounts: [],
      skus: {},
      tab: 'week',
      week: weekOf(today()),
      view: null,
      weekError: null,
      extraRows: {},
      pending: null,
      pendingError: null,

      today,

      async load() {
        await Promise.all([get().loadTimer(), get().loadSettings()]);
      },
      watch() {
        watchers += 1;
        if (watchers === 1) void Promise.all([get().loadAccounts(), get().loadWeek()]);
        return () => {
          watchers -= 1;
        };
      },
      async loadTimer() {
        try {
          const [timer, notice] = await Promise.all([client.call('timer.get', {}), client.call('timer.notice', {})]);
          set({ timer, notice });
          await nameOf(timer?.accountId ?? notice?.accountId);
        } catch {
          // No profile yet (first run): there is no timer to show.
          set({ timer: null });
        }
      },
      async loadWeek() {
        const request = ++latestWeek;
        const { week } = get();
        try {
          const view = await client.call('time.week', { week });
          if (request === latestWeek) set({ view, weekError: null });
        } catch (error) {
          if (request === latestWeek) set({ view: null, weekError: errorMessage(error) });
        }
      },
      async loadAccounts() {
        try {
          set({ accounts: await client.call('accounts.list', { sort: 'name' }) });
        } catch {
          // The accounts page reports this failure; the time area keeps what it had.
        }
      },
      async loadPending() {
        try {
          set({ pending: await client.call('timesheet.pending', {}), pendingError: null });
        } catch (error) {
          set({ pendingError: errorMessage(error) });
        }
      },
      async loadSettings() {
        try {
          set({ settings: await client.call('time.settings.get', {}) });
        } catch {
          // Settings show their own error when saved.
        }
      },
      async skusOf(accountId, date) {
        const key = `${accountId}|${date}`;
        const cached = get().skus[key];
        if (cached) return cached;
        const skus = await client.call('time.skus', { accountId, date });
        set({ skus: { ...get().skus, [key]: skus } });
        return skus;
      },

      setTab(tab) {
        set({ tab });
        if (tab === 'approvals') void get().loadPending();
      },
      goToWeek(week) {
        set({ week, view: get().view?.week === week ? get().view : null });
        void get().loadWeek();
      },
      shift(weeks) {
        get().goToWeek(shiftWeek(get().week, weeks));
      },

      async start(input) {
        set({ timer: await client.call('timer.start', { timeZone: browserZone(), ...input }) });
      },
      async switchTo(input) {
        set({ timer: await write(() => client.call('timer.switch', { timeZone: browserZone(), ...input })) });
      },
      async stop() {
        const entry = await write(() => client.call('timer.stop', {}));
        set({ timer: null });
        return entry;
      },
      async discard() {
        await client.call('timer.discard', {});
        set({ timer: null, idleSince: null });
      },
      async resolveIdle(decision) {
        const outcome = await write(() => client.call('timer.resolveIdle', decision));
        set({ timer: outcome.timer, idleSince: null });
      },
      dismissIdle() {
        set({ idleSince: null });
      },
      async resolveLimit(minutes) {
        await write(() => client.call('timer.resolveLimit', minutes === undefined ? {} : { minutes }));
        set({ notice: null });
      },
      async saveSettings(settings) {
        const saved = await client.call('time.settings.save', settings);
        set({ settings: saved });
        await get().loadTimer();
        return saved;
      },

      add: (draft) => write(() => client.call('time.add', draft)),
      remove: (id) => write(async () => void (await client.call('time.delete', { id }))),
      restore: (id) => write(async () => void (await client.call('time.restore', { id }))),
      setCell: (input) => write(async () => void (await client.call('time.setCell', input))),
      adjust: (input) => write(() => client.call('time.adjust', input)),
      addRow(row) {
        const { week, extraRows } = get();
        const rows = extraRows[week] ?? [];
        if (rows.some((r) => rowKey(r.accountId, r.sku) === rowKey(row.accountId, row.sku))) return;
        set({ extraRows: { ...extraRows, [week]: [...rows, row] } });
      },
      async copyLastWeek() {
        const { week } = get();
        const last = await client.call('time.week', { week: shiftWeek(week, -1) });
        const present = new Set([
          ...(get().view?.entries ?? []).map((e) => rowKey(e.accountId, e.sku)),
          ...(get().extraRows[week] ?? []).map((r) => rowKey(r.accountId, r.sku)),
        ]);
        const rows = new Map<string, ExtraRow>();
        // The latest entry of a row gives its category.
        for (const e of last.entries) rows.set(rowKey(e.accountId, e.sku), { accountId: e.accountId, sku: e.sku, category: e.category });
        for (const extra of get().extraRows[last.week] ?? []) if (!rows.has(rowKey(extra.accountId, extra.sku))) rows.set(rowKey(extra.accountId, extra.sku), extra);
        const added = [...rows.entries()].filter(([key]) => !present.has(key)).map(([, row]) => row);
        set({ extraRows: { ...get().extraRows, [week]: [...(get().extraRows[week] ?? []), ...added] } });
        return added.length;
      },
      submit: () => write(async () => void (await client.call('timesheet.submit', { week: get().week }))),
      withdraw: () => write(async () => void (await client.call('timesheet.withdraw', { week: get().week }))),
      approve: (userId, week) => write(async () => void (await client.call('timesheet.approve', { userId, week }))),
      reject: (userId, week, reason) => write(async () => void (await client.call('timesheet.reject', { userId, week, reason }))),
      approveEntry: (id) => write(async () => void (await client.call('timesheet.approveEntry', { id }))),
      rejectEntry: (id, reason) => write(async () => void (await client.call('timesheet.rejectEntry', { id, reason }))),

      listen() {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const unsubscribe = client.onEvent((frame) => {
          if (isEvent(frame, 'timer.changed')) {
            set({ timer: frame.payload });
            void nameOf(frame.payload?.accountId);
            // Stopped by the guard: fetch its question.
            if (frame.payload === null) void client.call('timer.notice', {}).then((notice) => set({ notice }), () => undefined);
            return;
          }
          if (isEvent(frame, 'app.command')) {
            const command = frame.payload;
            if (command.command === 'timer.idle' && get().timer) set({ idleSince: command.idleSince });
            return;
          }
          if (!isEvent(frame, 'data.changed')) return;
          const { tables } = frame.payload;
          if (!tables.includes('*') && !tables.some((t) => TIME_TABLES.includes(t))) return;
          if (tables.includes('contracts') || tables.includes('*')) set({ skus: {} });
          // Another process (the CLI, a sync) may have started or stopped the timer.
          if (tables.includes('*')) void get().loadTimer();
          if (watchers === 0) return;
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            timer = null;
            const state = get();
            void state.loadWeek();
            if (tables.includes('*') || tables.includes('accounts')) void state.loadAccounts();
            if (state.pending) void state.loadPending();
          }, REFRESH_DELAY_MS);
        });
        return () => {
          if (timer) clearTimeout(timer);
          unsubscribe();
        };
      },
    };
  });
}

/** The account's name as people know it; the id when this device no longer has it. */
export function accountName(accounts: readonly Account[], id: string): string {
  return accounts.find((a) => a.id === id)?.name ?? 'Unknown account';
}
