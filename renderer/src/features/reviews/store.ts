import { createStore } from 'zustand/vanilla';
import type { RankedAsk, RecentReview, ReviewSummary } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

/** One account's reviews as its Reviews tab shows them. */
export interface AccountReviews {
  reviews: ReviewSummary[];
  status: 'loading' | 'ready' | 'error';
  error: string | null;
}

/**
 * Which review the account's Reviews tab has open: an existing one, a new one (null), or none (the list).
 * `session` changes only when a review is opened, not when a new one gets its id on first save, so the editor
 * (keyed by it) stays mounted with the cursor where it was.
 */
export type OpenReview = { accountId: string; reviewId: string | null; session: number } | null;

export interface ReviewsState {
  byAccount: Record<string, AccountReviews>;
  open: OpenReview;
  /** The portfolio: newest reviews and asks ranked across accounts. */
  recent: RecentReview[];
  ranked: RankedAsk[];
  includeClosed: boolean;
  portfolioStatus: 'idle' | 'loading' | 'ready' | 'error';
  portfolioError: string | null;
  loadAccount: (accountId: string) => Promise<void>;
  /** Opens a review (or a new one with null) in its account's Reviews tab; `null` goes back to the list. */
  openReview: (accountId: string, reviewId: string | null) => void;
  /** The open new review was saved and has this id now. */
  adoptReview: (reviewId: string) => void;
  closeReview: () => void;
  loadPortfolio: () => Promise<void>;
  setIncludeClosed: (includeClosed: boolean) => void;
}

export type ReviewsStore = ReturnType<typeof createReviewsStore>;

/** How many recent reviews the portfolio lists. */
export const RECENT_LIMIT = 20;

export function createReviewsStore(client: ApiClient) {
  // Answers can come back out of order; only the newest request per key may write.
  const latest = new Map<string, number>();
  const begin = (key: string) => {
    const n = (latest.get(key) ?? 0) + 1;
    latest.set(key, n);
    return () => latest.get(key) === n;
  };

  return createStore<ReviewsState>()((set, get) => ({
    byAccount: {},
    open: null,
    recent: [],
    ranked: [],
    includeClosed: false,
    portfolioStatus: 'idle',
    portfolioError: null,

    async loadAccount(accountId) {
      const current = begin(`account:${accountId}`);
      const before = get().byAccount[accountId];
      set({ byAccount: { ...get().byAccount, [accountId]: { reviews: before?.reviews ?? [], status: before ? before.status : 'loading', error: null } } });
      try {
        const reviews = await client.call('reviews.list', { accountId });
        if (current()) set({ byAccount: { ...get().byAccount, [accountId]: { reviews, status: 'ready', error: null } } });
      } catch (error) {
        if (current()) set({ byAccount: { ...get().byAccount, [accountId]: { reviews: before?.reviews ?? [], status: 'error', error: errorMessage(error) } } });
      }
    },

    openReview(accountId, reviewId) {
      set({ open: { accountId, reviewId, session: (get().open?.session ?? 0) + 1 } });
    },
    adoptReview(reviewId) {
      const open = get().open;
      if (open) set({ open: { ...open, reviewId } });
    },
    closeReview() {
      set({ open: null });
    },

    async loadPortfolio() {
      const current = begin('portfolio');
      set({ portfolioStatus: get().portfolioStatus === 'ready' ? 'ready' : 'loading' });
      try {
        const [recent, ranked] = await Promise.all([
          client.call('reviews.recent', { limit: RECENT_LIMIT }),
          client.call('reviews.rankAsks', { includeClosed: get().includeClosed }),
        ]);
        if (current()) set({ recent, ranked, portfolioStatus: 'ready', portfolioError: null });
      } catch (error) {
        if (current()) set({ portfolioStatus: 'error', portfolioError: errorMessage(error) });
      }
    },
    setIncludeClosed(includeClosed) {
      set({ includeClosed });
      void get().loadPortfolio();
    },
  }));
}
