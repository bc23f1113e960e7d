import { exportReview } from '../io/reviewExport';
import type { Services } from '../services';
import type { Handlers } from './dispatcher';

type ReviewsMethods = Extract<keyof Handlers, `reviews.${string}` | `actions.${string}`>;

/** The handlers of roadmap reviews and action items, joined into the handler map by createHandlers. */
export function reviewsHandlers(services: Services): Pick<Handlers, ReviewsMethods> {
  const { reviews, actions, accounts } = services;
  return {
    'reviews.list': ({ accountId }) => reviews.list(accountId),
    'reviews.get': ({ id }) => reviews.get(id),
    'reviews.create': (input) => reviews.create(input),
    'reviews.update': (input) => reviews.update(input),
    'reviews.delete': ({ id }) => reviews.delete(id),
    'reviews.restore': ({ id }) => reviews.restore(id),
    'reviews.recent': ({ limit }) => reviews.recent(limit),
    'reviews.rankAsks': ({ includeClosed }) => reviews.rankAsks(includeClosed),
    'reviews.followUp': ({ itemId }) => reviews.followUp(itemId),
    'reviews.export': ({ id, format }) => {
      const review = reviews.get(id);
      return exportReview(review, accounts.get(review.accountId), format);
    },
    'reviews.ofItem': ({ itemId }) => reviews.ofItem(itemId),
    'actions.list': (query) => actions.list(query),
    'actions.get': ({ id }) => actions.get(id),
    'actions.create': (input) => actions.create(input),
    'actions.update': (input) => actions.update(input),
    'actions.setStatus': ({ id, status }) => actions.setStatus(id, status),
    'actions.delete': ({ id }) => actions.delete(id),
    'actions.restore': ({ id }) => actions.restore(id),
    'actions.due': () => actions.due(),
  };
}
