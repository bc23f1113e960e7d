import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

/** Shorter text matches too much to be useful while typing; commands still filter from the first letter. */
export const MIN_SEARCH_LENGTH = 2;
const DEBOUNCE_MS = 120;
const LIMIT = 8;

export interface RecordSearch {
  hits: SearchHit[];
  /** A search for the current text has not answered yet. */
  pending: boolean;
  error: string | null;
}

/** Records matching what is typed, searched a moment after typing stops; only the latest answer counts. */
export function useRecordSearch(client: ApiClient, text: string): RecordSearch {
  const query = text.trim();
  const active = query.length >= MIN_SEARCH_LENGTH;
  const [state, setState] = useState<{ query: string; hits: SearchHit[]; error: string | null }>({ query: '', hits: [], error: null });

  useEffect(() => {
    if (!active) return;
    let current = true;
    const timer = setTimeout(() => {
      client.call('search.query', { text: query, limit: LIMIT }).then(
        (hits) => {
          if (current) setState({ query, hits, error: null });
        },
        (error: unknown) => {
          if (current) setState({ query, hits: [], error: errorMessage(error) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, query, active]);

  if (!active) return { hits: [], pending: false, error: null };
  // Until the answer for this text arrives, the previous hits stay (no flicker) but are marked as pending.
  return { hits: state.hits, pending: state.query !== query, error: state.query === query ? state.error : null };
}
