import type { ActionItemView } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import type { AppStores } from '../../app/context';

/** The source table of action items made from a review's ask or commitment (core/services/reviews.ts). */
const REVIEW_ITEM_SOURCE = 'review_items';

/** Shows an account's page on one of its tabs, from any area. */
export function showAccountTab({ nav, accounts }: Pick<AppStores, 'nav' | 'accounts'>, accountId: string, tab: string): void {
  nav.getState().go('accounts');
  accounts.getState().show({ kind: 'page', id: accountId, tab });
}

/**
 * Goes where an action item came from: the review holding its ask or commitment, opened on the account's Reviews
 * tab; for any other source (or one that is gone), the account's Action items tab.
 */
export async function openSource(stores: Pick<AppStores, 'nav' | 'accounts' | 'reviews' | 'client' | 'toasts'>, item: ActionItemView): Promise<void> {
  if (item.source?.table === REVIEW_ITEM_SOURCE) {
    try {
      const review = await stores.client.call('reviews.ofItem', { itemId: item.source.id });
      stores.reviews.getState().openReview(review.accountId, review.id);
      showAccountTab(stores, review.accountId, 'reviews');
      return;
    } catch (error) {
      stores.toasts.getState().show({ message: `${errorMessage(error)} Showing the account’s action items instead.` });
    }
  }
  showAccountTab(stores, item.accountId, 'actions');
}
