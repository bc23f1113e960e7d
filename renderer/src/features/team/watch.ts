import type { ApiClient } from '../../api/client';
import { isEvent } from '../../api/client';

const DELAY_MS = 100;

/**
 * Calls `reload` after the core reports changes to any of `tables` (or to everything, after a sync or a CLI
 * write), once per burst. Used by the team, lifecycle and adoption stores, which keep what they loaded fresh.
 */
export function watchTables(client: ApiClient, tables: readonly string[], reload: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsubscribe = client.onEvent((frame) => {
    if (!isEvent(frame, 'data.changed')) return;
    if (!frame.payload.tables.some((t) => t === '*' || tables.includes(t))) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      reload();
    }, DELAY_MS);
  });
  return () => {
    if (timer) clearTimeout(timer);
    unsubscribe();
  };
}

/** What a store keeps per account: the last answer, or why there is none. */
export interface Slot<T> {
  data: T | null;
  error: string | null;
}

/** The accounts screens show right now (counted, as two panels may show one account): only these are reloaded. */
export class Tracked {
  private readonly counts = new Map<string, number>();

  add(key: string): () => void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left <= 0) this.counts.delete(key);
      else this.counts.set(key, left);
    };
  }

  keys(): string[] {
    return [...this.counts.keys()];
  }
}
