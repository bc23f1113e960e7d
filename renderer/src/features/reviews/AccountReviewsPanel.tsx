import { useEffect } from 'react';
import type { Account } from '../../../../core/model';
import { useApp, useReviews } from '../../app/context';
import { formatDay } from '../actions/DueDate';
import { ReviewEditor } from './ReviewEditor';
import { REVIEW_SCREEN_TABLES, useDataChanged } from './useDataChanged';
import { useOpenOnJump } from '../../ui/useJumpTarget';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The account page's Reviews tab: the account's roadmap reviews, newest first, or the one being edited (or opened from search). */
export function AccountReviewsPanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { reviews } = useApp();
  const open = useReviews((s) => (s.open?.accountId === account.id ? s.open : null));
  const list = useReviews((s) => s.byAccount[account.id]);

  useEffect(() => {
    void reviews.getState().loadAccount(account.id);
  }, [reviews, account.id]);
  useDataChanged(REVIEW_SCREEN_TABLES, () => void reviews.getState().loadAccount(account.id));
  useOpenOnJump(focus, true, (reviewId) => reviews.getState().openReview(account.id, reviewId));

  if (open) return <ReviewEditor key={open.session} account={account} reviewId={open.reviewId} />;

  const items = list?.reviews ?? [];
  return (
    <div className="review-list">
      <div className="review-list__bar">
        <p className="muted">Roadmap reviews with {account.name}: what they asked for, and what was promised.</p>
        <button type="button" className="button button--primary" onClick={() => reviews.getState().openReview(account.id, null)}>
          New review
        </button>
      </div>
      {list?.error ? (
        <p role="alert" className="form__error">
          {list.error}
        </p>
      ) : null}
      {list?.status === 'ready' && items.length === 0 ? (
        <div className="empty">
          <p className="empty__title">No roadmap reviews yet.</p>
          <p className="muted">Record the first with New review: date, attendees, the customer’s asks and the commitments made.</p>
        </div>
      ) : null}
      {list?.status === 'loading' && items.length === 0 ? <p className="muted">Loading reviews…</p> : null}
      {items.length > 0 ? (
        <table className="sync-table review-table">
          <caption className="visually-hidden">Roadmap reviews with {account.name}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Review</th>
              <th scope="col">Attendees</th>
              <th scope="col">Asks</th>
              <th scope="col">Commitments</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td className="sync-table__when">
                  <time dateTime={r.date}>{formatDay(r.date)}</time>
                </td>
                <td>
                  <button type="button" className="link-button" onClick={() => reviews.getState().openReview(account.id, r.id)}>
                    {r.title}
                  </button>
                </td>
                <td>{r.attendeeCount}</td>
                <td>{plural(r.askCount, 'ask', 'asks')}</td>
                <td>{plural(r.commitmentCount, 'commitment', 'commitments')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
