import type { Account } from '../../../../core/model';
import { useCatalog } from '../../app/context';
import { labelOf } from '../catalog/store';
import { HealthBadge, formatDateTime, stageLabel } from './format';

/** The account's own fields and notes: in the pane beside the list and on the account page's Overview. */
export function AccountSummary({ account }: { account: Account }) {
  const catalog = useCatalog((s) => s.entries);
  return (
    <>
      <dl className="details">
        <dt>Health</dt>
        <dd>
          <HealthBadge health={account.health} />
        </dd>
        <dt>Lifecycle stage</dt>
        <dd>{stageLabel(account.stage)}</dd>
        <dt>Segment</dt>
        <dd>{labelOf(catalog, 'segment', account.segment)}</dd>
        <dt>Support tier</dt>
        <dd>{labelOf(catalog, 'tier', account.tier)}</dd>
        <dt>Residency</dt>
        <dd>{labelOf(catalog, 'residency', account.residency)}</dd>
        <dt>Clearance</dt>
        <dd>{account.clearance === null ? 'None (unrestricted)' : labelOf(catalog, 'clearance', account.clearance)}</dd>
        <dt>Created</dt>
        <dd>{formatDateTime(account.createdAt)}</dd>
        <dt>Updated</dt>
        <dd>{formatDateTime(account.updatedAt)}</dd>
      </dl>
      <div className="detail-pane__notes">
        <h3>Notes</h3>
        {account.notes.trim() ? <p className="notes">{account.notes}</p> : <p className="muted">No notes yet.</p>}
      </div>
    </>
  );
}
