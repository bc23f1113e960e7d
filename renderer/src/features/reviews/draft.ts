import { DEFAULT_REVIEW_TITLE } from '../../../../core/model';
import type { AskImpact, AskPriority, AskStatus, AttendeeSide, Profile, ReviewCreate, ReviewDetail, ReviewUpdate } from '../../../../core/model';

/**
 * The review editor's draft, and how it becomes an API call: a new review is created whole; an edited one sends
 * only what the person changed against the review as loaded (its baseline), so nothing they did not touch is
 * written over a change made meanwhile on another device.
 */

export interface AttendeeRow {
  key: string;
  name: string;
  side: AttendeeSide;
  refId: string | null;
}

export interface AskRow {
  key: string;
  /** Absent until the row is saved. */
  id?: string;
  title: string;
  priority: AskPriority;
  impact: AskImpact;
  status: AskStatus;
  detail: string;
  actionItemId: string | null;
}

export interface CommitmentRow {
  key: string;
  id?: string;
  title: string;
  owner: string;
  ownerRef: string | null;
  /** '' for no date: what an empty date input holds. */
  due: string;
  actionItemId: string | null;
}

export interface ReviewDraft {
  date: string;
  title: string;
  agenda: string;
  notes: string;
  attendees: AttendeeRow[];
  asks: AskRow[];
  commitments: CommitmentRow[];
}

let lastKey = 0;
/** A React key for a row that has no id yet. */
export const rowKey = (): string => `row-${++lastKey}`;

export const newAttendee = (side: AttendeeSide = 'customer', name = ''): AttendeeRow => ({ key: rowKey(), name, side, refId: null });
export const newAsk = (): AskRow => ({ key: rowKey(), title: '', priority: 'medium', impact: 'medium', status: 'open', detail: '', actionItemId: null });
export const newCommitment = (owner: string): CommitmentRow => ({ key: rowKey(), title: '', owner, ownerRef: null, due: '', actionItemId: null });

/** A new review: today, and you among the attendees (you are usually in the room). */
export function emptyDraft(me: Profile | null, today: string): ReviewDraft {
  return {
    date: today,
    title: DEFAULT_REVIEW_TITLE,
    agenda: '',
    notes: '',
    attendees: me ? [newAttendee('vendor', me.name)] : [],
    asks: [],
    commitments: [],
  };
}

export function draftOf(review: ReviewDetail): ReviewDraft {
  return {
    date: review.date,
    title: review.title,
    agenda: review.agenda,
    notes: review.notes,
    attendees: review.attendees.map((a, i) => ({ key: `attendee-${i}`, name: a.name, side: a.side, refId: a.refId })),
    asks: review.asks.map((a) => ({ key: a.id, id: a.id, title: a.title, priority: a.priority, impact: a.impact, status: a.status, detail: a.detail, actionItemId: a.actionItemId })),
    commitments: review.commitments.map((c) => ({
      key: c.id,
      id: c.id,
      title: c.title,
      owner: c.owner,
      ownerRef: c.ownerRef,
      due: c.due ?? '',
      actionItemId: c.actionItemId,
    })),
  };
}

const attendeesOf = (draft: ReviewDraft) => draft.attendees.map(({ name, side, refId }) => ({ name, side, refId }));
const askOf = ({ title, priority, impact, status, detail }: AskRow) => ({ title, priority, impact, status, detail });
const commitmentOf = ({ title, owner, ownerRef, due }: CommitmentRow) => ({ title, owner, ownerRef, due: due.trim() === '' ? null : due });

/** The whole draft as a new review: also what the form validates, so every message finds its field. */
export function createInput(accountId: string, draft: ReviewDraft): ReviewCreate {
  return {
    accountId,
    date: draft.date,
    title: draft.title,
    agenda: draft.agenda,
    notes: draft.notes,
    attendees: attendeesOf(draft),
    asks: draft.asks.map(askOf),
    commitments: draft.commitments.map(commitmentOf),
  };
}

function changed<T extends object>(now: T, before: T): Partial<T> {
  const patch: Partial<T> = {};
  for (const key of Object.keys(now) as Array<keyof T>) {
    if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) patch[key] = now[key];
  }
  return patch;
}

/** What the person changed since `baseline`, as an update; null when nothing did. */
export function updateInput(id: string, draft: ReviewDraft, baseline: ReviewDraft): ReviewUpdate | null {
  const patch = changed(
    { date: draft.date, title: draft.title, agenda: draft.agenda, notes: draft.notes, attendees: attendeesOf(draft) },
    { date: baseline.date, title: baseline.title, agenda: baseline.agenda, notes: baseline.notes, attendees: attendeesOf(baseline) },
  );
  const rows = <R extends { id?: string }, V extends object>(now: R[], before: R[], values: (row: R) => V) => {
    const old = new Map(before.filter((r) => r.id !== undefined).map((r) => [r.id, r]));
    const add = now.filter((r) => r.id === undefined).map(values);
    const change = now.flatMap((r) => {
      const was = r.id === undefined ? undefined : old.get(r.id);
      if (!was || r.id === undefined) return [];
      const diff = changed(values(r), values(was));
      return Object.keys(diff).length > 0 ? [{ id: r.id, ...diff }] : [];
    });
    const kept = new Set(now.map((r) => r.id));
    const remove = [...old.keys()].filter((id): id is string => id !== undefined && !kept.has(id));
    return { add, change, remove };
  };
  const asks = rows(draft.asks, baseline.asks, askOf);
  const commitments = rows(draft.commitments, baseline.commitments, commitmentOf);
  const update: ReviewUpdate = {
    id,
    patch,
    addAsks: asks.add,
    addCommitments: commitments.add,
    changeAsks: asks.change,
    changeCommitments: commitments.change,
    removeItems: [...asks.remove, ...commitments.remove],
  };
  const empty =
    Object.keys(patch).length === 0 &&
    asks.add.length + asks.change.length + asks.remove.length + commitments.add.length + commitments.change.length + commitments.remove.length === 0;
  return empty ? null : update;
}

/** Whether the draft differs from the baseline in anything that would be saved. */
export function isDirty(draft: ReviewDraft, baseline: ReviewDraft): boolean {
  return updateInput('', draft, baseline) !== null;
}
