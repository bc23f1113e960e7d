import { createStore } from 'zustand/vanilla';

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
  }));
}
