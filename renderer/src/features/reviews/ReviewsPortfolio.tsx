import { useEffect, useId, useState } from 'react';
import { ASK_LEVEL_LABELS, ASK_STATUS_LABELS } from '../../../../core/model';
import type { RankedAsk } from '../../../../core/model';
import { useApp, useReviews } from '../../app/context';
import { PageTitle } from '../../ui/PageTitle';
import { formatDay } from '../actions/DueDate';
import { showAccountTab } from '../actions/openSource';
import { REVIEW_SCREEN_TABLES, useDataChanged } from './useDataChanged';

/** Ranked asks are shown a page at a time: the top of the ranking is what people act on. */
const PAGE = 25;

function useOpenReview(): (accountId: string, reviewId: string) => void {
  const stores = useApp();
  return (accountId, reviewId) => {
    stores.reviews.getState().openReview(accountId, reviewId);
    showAccountTab(stores, accountId, 'reviews');
  };
}

function RankedAskRow({ ask, rank }: { ask: RankedAsk; rank: number }) {
  const [open, setOpen] = useState(false);
  const openReview = useOpenReview();
  const listId = useId();
  return (
    <li className="review-rank">
      <div className="review-rank__row">
        <span className="review-rank__place" aria-hidden="true">
          {rank}
        </span>
        <div className="review-rank__what">
          <span className="review-rank__title">{ask.title}</span>
          <span className="muted review-rank__facts">
            {ask.accountCount} {ask.accountCount === 1 ? 'account' : 'accounts'} · highest priority {ASK_LEVEL_LABELS[ask.topPriority].toLowerCase()} · highest
            business impact {ASK_LEVEL_LABELS[ask.topImpact].toLowerCase()}
          </span>
        </div>
        <button
          type="button"
          className="button review-rank__toggle"
          aria-expanded={open}
          aria-controls={listId}
          aria-label={`${open ? 'Hide' : 'Show'} accounts asking for ${ask.title}`}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide accounts' : 'Show accounts'}
        </button>
      </div>
      {open ? (
        <table className="sync-table review-rank__accounts" id={listId}>
          <caption className="visually-hidden">Accounts asking for {ask.title}</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Priority</th>
              <th scope="col">Business impact</th>
              <th scope="col">Status</th>
              <th scope="col">Asked in</th>
            </tr>
          </thead>
          <tbody>
            {ask.accounts.map((a) => (
              <tr key={a.accountId}>
                <td>{a.accountName}</td>
                <td>{ASK_LEVEL_LABELS[a.priority]}</td>
                <td>{ASK_LEVEL_LABELS[a.impact]}</td>
                <td>{ASK_STATUS_LABELS[a.status]}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => openReview(a.accountId, a.reviewId)}>
                    Review of {formatDay(a.reviewDate)}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </li>
  );
}

/** The Reviews area: the newest roadmap reviews across accounts, and the customers' asks ranked across accounts. */
export function ReviewsPortfolio() {
  const { reviews } = useApp();
  const recent = useReviews((s) => s.recent);
  const ranked = useReviews((s) => s.ranked);
  const includeClosed = useReviews((s) => s.includeClosed);
  const status = useReviews((s) => s.portfolioStatus);
  const error = useReviews((s) => s.portfolioError);
  const [shown, setShown] = useState(PAGE);
  const openReview = useOpenReview();

  useEffect(() => {
    void reviews.getState().loadPortfolio();
  }, [reviews]);
  useDataChanged(REVIEW_SCREEN_TABLES, () => void reviews.getState().loadPortfolio());

  return (
    <div className="page page--wide review-portfolio">
      <header className="page-header">
        <div>
          <PageTitle>Reviews</PageTitle>
          <p className="page-header__meta">Roadmap reviews across your accounts, and what customers ask for most.</p>
        </div>
      </header>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      <div className="review-portfolio__grid">
        <section className="panel" aria-labelledby="review-asks-heading">
          <h2 id="review-asks-heading">Top asks across accounts</h2>
          <p className="muted review-explain">
            Asks with the same title (ignoring case, accents and punctuation) count as one. Each account counts once, with what it said in its most
            recent review. Asks rank by how many accounts ask, then by the highest priority, then by the highest business impact any of them gave.
            {includeClosed ? '' : ' Asks an account has seen delivered or declined are left out.'}
          </p>
          <label className="actions-toggle">
            <input type="checkbox" checked={includeClosed} onChange={(e) => reviews.getState().setIncludeClosed(e.target.checked)} />
            Include delivered and declined asks
          </label>
          {status === 'ready' && ranked.length === 0 ? (
            <p className="empty__title">No asks yet. Record them in a roadmap review on an account’s Reviews tab.</p>
          ) : null}
          {ranked.length > 0 ? (
            <ol className="review-ranking" aria-label="Asks ranked across accounts">
              {ranked.slice(0, shown).map((ask, i) => (
                <RankedAskRow key={ask.key} ask={ask} rank={i + 1} />
              ))}
            </ol>
          ) : null}
          {ranked.length > shown ? (
            <button type="button" className="button" onClick={() => setShown(shown + PAGE)}>
              Show {Math.min(PAGE, ranked.length - shown)} more of {ranked.length}
            </button>
          ) : null}
        </section>
        <section className="panel" aria-labelledby="review-recent-heading">
          <h2 id="review-recent-heading">Recent reviews</h2>
          {status === 'ready' && recent.length === 0 ? (
            <p className="muted">No roadmap reviews yet. Open an account and record one on its Reviews tab.</p>
          ) : null}
          {recent.length > 0 ? (
            <table className="sync-table">
              <caption className="visually-hidden">The newest roadmap reviews across accounts</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Account</th>
                  <th scope="col">Asks</th>
                  <th scope="col">Commitments</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((r) => (
                  <tr key={r.id}>
                    <td className="sync-table__when">
                      <time dateTime={r.date}>{formatDay(r.date)}</time>
                    </td>
                    <td>
                      <button type="button" className="link-button" onClick={() => openReview(r.accountId, r.id)}>
                        {r.accountName}
                      </button>
                      <span className="sync-table__kind muted">{r.title}</span>
                    </td>
                    <td>{r.askCount}</td>
                    <td>{r.commitmentCount}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {status === 'loading' ? <p className="muted">Loading reviews…</p> : null}
        </section>
      </div>
    </div>
  );
}
