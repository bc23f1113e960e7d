import { createStore } from 'zustand/vanilla';
import type { ActionReminder } from '../../../core/model';

/** What the core found when it checked the database after an unclean shutdown. */
export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}

export interface NoticesState {
  /** Problems from a failed integrity check, until the user dismisses the banner; null when there is nothing to say. */
  integrityProblems: string[] | null;
  reportIntegrity: (report: IntegrityReport) => void;
  dismissIntegrity: () => void;
  /** Your action items due today or overdue, until dismissed; null when there is nothing to say. */
  dueReminders: ActionReminder[] | null;
  /** `replace`: the full list (on start); otherwise newly due items join what is shown. */
  reportDue: (items: ActionReminder[], replace: boolean) => void;
  dismissDue: () => void;
}

export type NoticesStore = ReturnType<typeof createNoticesStore>;

/** Notices that stay on screen until dismissed, unlike toasts. */
export function createNoticesStore() {
  return createStore<NoticesState>()((set) => ({
    integrityProblems: null,
    reportIntegrity: ({ ok, problems }) => {
      if (!ok) set({ integrityProblems: problems });
    },
    dismissIntegrity: () => set({ integrityProblems: null }),
    dueReminders: null,
    reportDue: (items, replace) =>
      set((s) => {
        const known = replace ? [] : (s.dueReminders ?? []);
        const merged = [...known, ...items.filter((i) => !known.some((k) => k.id === i.id))];
        return { dueReminders: merged.length > 0 ? merged : null };
      }),
    dismissDue: () => set({ dueReminders: null }),
  }));
}
