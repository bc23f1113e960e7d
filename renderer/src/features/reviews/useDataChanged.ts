import { useEffect, useRef } from 'react';
import { isEvent } from '../../api/client';
import { useApp } from '../../app/context';

const REFRESH_DELAY_MS = 100;

/**
 * Calls `refresh` (once per burst) while the component is mounted whenever the core reports a change to one of
 * `tables`, here or by another process ('*'). Screens that show reviews or action items stay current this way
 * without the app reloading what nobody is looking at.
 */
export function useDataChanged(tables: readonly string[], refresh: () => void): void {
  const { client } = useApp();
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  const key = tables.join(',');
  useEffect(() => {
    const watched = key.split(',');
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = client.onEvent((frame) => {
      if (!isEvent(frame, 'data.changed')) return;
      const changed = frame.payload.tables;
      if (!changed.includes('*') && !changed.some((t) => watched.includes(t))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        latest.current();
      }, REFRESH_DELAY_MS);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, [client, key]);
}

/** The tables a review screen shows: the reviews, their items, and action items made from them. */
export const REVIEW_SCREEN_TABLES = ['roadmap_reviews', 'review_items', 'action_items', 'accounts'] as const;
/** The tables an action item list shows. */
export const ACTION_SCREEN_TABLES = ['action_items', 'accounts'] as const;
