import { ASK_LEVELS, ASK_LEVEL_LABELS, ASK_STATUSES, ASK_STATUS_LABELS, ATTENDEE_SIDES, ATTENDEE_SIDE_LABELS } from '../../../../core/model';
import type { AskLevel, AskStatus, AttendeeSide, FieldErrors } from '../../../../core/model';
import type { Option } from '../../ui/fields';
import type { AskRow, AttendeeRow, CommitmentRow } from './draft';
import { InlineField, InlineSelect } from './InlineField';

/**
 * The repeatable rows of the review editor: attendees, asks and commitments. Each field has its own label
 * (read by screen readers; the column headers show it on screen) and its error right under it.
 */

const LEVEL_OPTIONS: Option[] = ASK_LEVELS.map((l) => ({ value: l, label: ASK_LEVEL_LABELS[l] }));
const STATUS_OPTIONS: Option[] = ASK_STATUSES.map((s) => ({ value: s, label: ASK_STATUS_LABELS[s] }));
const SIDE_OPTIONS: Option[] = ATTENDEE_SIDES.map((s) => ({ value: s, label: ATTENDEE_SIDE_LABELS[s] }));

interface RowsProps<R> {
  rows: R[];
  errors: FieldErrors;
  onChange: (index: number, patch: Partial<R>) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
}

/** The follow-up control of a saved ask or commitment: one button press makes the action item. */
interface FollowUpProps {
  onFollowUp: (index: number) => void;
  onOpenAction: () => void;
  busy: boolean;
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="icon-button review-row__remove" aria-label={label} title={label} onClick={onClick}>
      <span aria-hidden="true">×</span>
    </button>
  );
}

function FollowUp({ index, what, actionItemId, onFollowUp, onOpenAction, busy }: FollowUpProps & { index: number; what: string; actionItemId: string | null }) {
  if (actionItemId !== null) {
    return (
      <button type="button" className="link-button review-row__followed" onClick={onOpenAction} aria-label={`${what} has an action item: show it`}>
        ✓ Action item
      </button>
    );
  }
  return (
    <button type="button" className="button review-row__follow" disabled={busy} aria-label={`Create action item from ${what}`} onClick={() => onFollowUp(index)}>
      Create action item
    </button>
  );
}

export function AttendeeRows({ rows, errors, onChange, onRemove, onAdd }: RowsProps<AttendeeRow>) {
  return (
    <fieldset className="review-section">
      <legend className="review-section__title">Attendees</legend>
      {rows.length === 0 ? <p className="muted">No attendees yet.</p> : null}
      {rows.map((row, i) => (
        <div key={row.key} className="review-row review-row--attendee" data-row-key={row.key}>
          <InlineField label={`Attendee ${i + 1} name`} hideLabel value={row.name} onChange={(name) => onChange(i, { name })} error={errors[`attendees.${i}.name`]} placeholder="Name" />
          <InlineSelect
            label={`Attendee ${i + 1} side`}
            hideLabel
            value={row.side}
            onChange={(side) => onChange(i, { side: side as AttendeeSide })}
            options={SIDE_OPTIONS}
            error={errors[`attendees.${i}.side`]}
          />
          <RemoveButton label={`Remove attendee ${i + 1}${row.name ? ` (${row.name})` : ''}`} onClick={() => onRemove(i)} />
        </div>
      ))}
      <div data-add="attendees">
        <button type="button" className="button button--quiet review-add" onClick={onAdd}>
          + Add attendee
        </button>
      </div>
    </fieldset>
  );
}

export function AskRows({ rows, errors, onChange, onRemove, onAdd, ...followUp }: RowsProps<AskRow> & FollowUpProps) {
  return (
    <fieldset className="review-section">
      <legend className="review-section__title">Asks</legend>
      <p className="muted review-section__hint">Feature requests the customer made, with how much they matter to them.</p>
      {rows.length === 0 ? <p className="muted">No asks yet.</p> : (
        <div className="review-row review-row--ask review-row--head" aria-hidden="true">
          <span>Ask</span>
          <span>Priority</span>
          <span>Business impact</span>
          <span>Status</span>
          <span />
        </div>
      )}
      {rows.map((row, i) => {
        const what = `ask ${i + 1}${row.title ? `: ${row.title}` : ''}`;
        return (
          <div key={row.key} className="review-row review-row--ask" data-row-key={row.key}>
            <InlineField label={`Ask ${i + 1}`} hideLabel value={row.title} onChange={(title) => onChange(i, { title })} error={errors[`asks.${i}.title`]} placeholder="What they asked for" />
            <InlineSelect label={`Priority of ask ${i + 1}`} hideLabel value={row.priority} onChange={(v) => onChange(i, { priority: v as AskLevel })} options={LEVEL_OPTIONS} error={errors[`asks.${i}.priority`]} />
            <InlineSelect label={`Business impact of ask ${i + 1}`} hideLabel value={row.impact} onChange={(v) => onChange(i, { impact: v as AskLevel })} options={LEVEL_OPTIONS} error={errors[`asks.${i}.impact`]} />
            <InlineSelect label={`Status of ask ${i + 1}`} hideLabel value={row.status} onChange={(v) => onChange(i, { status: v as AskStatus })} options={STATUS_OPTIONS} error={errors[`asks.${i}.status`]} />
            <div className="review-row__actions">
              <FollowUp index={i} what={what} actionItemId={row.actionItemId} {...followUp} />
              <RemoveButton label={`Remove ${what}`} onClick={() => onRemove(i)} />
            </div>
            <InlineField
              className="review-row__detail"
              label={`Details of ask ${i + 1}`}
              hideLabel
              value={row.detail}
              onChange={(detail) => onChange(i, { detail })}
              error={errors[`asks.${i}.detail`]}
              placeholder="Details: the use case, who is blocked, deadlines (optional)"
            />
          </div>
        );
      })}
      <div data-add="asks">
        <button type="button" className="button button--quiet review-add" onClick={onAdd}>
          + Add ask
        </button>
      </div>
    </fieldset>
  );
}

export function CommitmentRows({ rows, errors, onChange, onRemove, onAdd, ...followUp }: RowsProps<CommitmentRow> & FollowUpProps) {
  return (
    <fieldset className="review-section">
      <legend className="review-section__title">Commitments</legend>
      <p className="muted review-section__hint">What someone promised to do, and by when.</p>
      {rows.length === 0 ? <p className="muted">No commitments yet.</p> : (
        <div className="review-row review-row--commitment review-row--head" aria-hidden="true">
          <span>Commitment</span>
          <span>Owner</span>
          <span>Due</span>
          <span />
        </div>
      )}
      {rows.map((row, i) => {
        const what = `commitment ${i + 1}${row.title ? `: ${row.title}` : ''}`;
        return (
          <div key={row.key} className="review-row review-row--commitment" data-row-key={row.key}>
            <InlineField label={`Commitment ${i + 1}`} hideLabel value={row.title} onChange={(title) => onChange(i, { title })} error={errors[`commitments.${i}.title`]} placeholder="What was promised" />
            <InlineField label={`Owner of commitment ${i + 1}`} hideLabel value={row.owner} onChange={(owner) => onChange(i, { owner })} error={errors[`commitments.${i}.owner`]} placeholder="Who" />
            <InlineField label={`Due date of commitment ${i + 1}`} hideLabel type="date" value={row.due} onChange={(due) => onChange(i, { due })} error={errors[`commitments.${i}.due`]} />
            <div className="review-row__actions">
              <FollowUp index={i} what={what} actionItemId={row.actionItemId} {...followUp} />
              <RemoveButton label={`Remove ${what}`} onClick={() => onRemove(i)} />
            </div>
          </div>
        );
      })}
      <div data-add="commitments">
        <button type="button" className="button button--quiet review-add" onClick={onAdd}>
          + Add commitment
        </button>
      </div>
    </fieldset>
  );
}
