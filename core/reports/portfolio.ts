import {
  GLOBAL_RESIDENCY,
  LIFECYCLE_STAGES,
  ON_CALL_TIERS,
  REPORT_LIST_LIMIT,
  addDays,
  adoptionScore,
  coverageRequirement,
  median,
  qualificationProblems,
  rankAsks,
} from '../model';
import type {
  AdoptionFigure,
  AdoptionStatus,
  AskForRanking,
  CoverageFigure,
  CoverageGap,
  CoverageMember,
  LifecycleFigure,
  LifecycleStage,
  RankedAsk,
  ReviewAsk,
  Shift,
} from '../model';
import { stageStints } from '../model';
import { decodeHlc } from '../protocol/hlc';
import type { Scope, ScopeAccount } from './scope';
import { singleClause } from './scope';
import { weeksOfPeriod } from './weeks';

/** How many ranked asks a report lists. */
export const TOP_ASKS = 10;

type Change = { on: string; status: AdoptionStatus };
type AdoptionRecord = { status: Array<AdoptionStatus | undefined>; since: Array<string | undefined> };
/** One pair's status changes: "date status …" text in date order, parsed into `list` the first time it is needed. */
type PairChanges = { text: string; last: string; list: Change[] | null };

function changeList(pair: PairChanges): Change[] {
  if (!pair.list) {
    const parts = pair.text.split(' ');
    const list: Change[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) list.push({ on: parts[i] as string, status: parts[i + 1] as AdoptionStatus });
    pair.list = list;
  }
  return pair.list;
}

/** Everything adoption reads, for every account: no period decides any of it (kept by scope.memo). */
interface AdoptionInputs {
  capabilities: Array<{ code: string; name: string; weight: number }>;
  column: Map<string, number>;
  /** Each account's records as two arrays by capability position (no object or map per record). */
  records: Map<string, AdoptionRecord>;
  /** Each account's status changes by capability position, with the date of the last one. */
  changes: Map<string, Array<PairChanges | undefined>>;
}

function adoptionInputs(scope: Scope, accountId: string | null): AdoptionInputs {
  const one = accountId === null ? { sql: '', params: [] } : { sql: ' AND account_id = ?', params: [accountId] };
  const capabilities = scope
    .prepare<[], { code: string; name: string; weight: number }>(`SELECT code, name, weight FROM capabilities WHERE deleted = 0 ORDER BY sort, name COLLATE NOCASE, id`)
    .all();
  const n = capabilities.length;
  const column = new Map(capabilities.map((c, i) => [c.code, i]));
  const records = new Map<string, AdoptionRecord>();
  for (const [accountId, capability, status, since] of scope
    .prepare<string[], [string, string, AdoptionStatus, string]>(`SELECT account_id, capability, status, since FROM adoption WHERE deleted = 0${one.sql}`)
    .raw()
    .all(...one.params)) {
    const i = column.get(capability);
    if (i === undefined) continue;
    let record = records.get(accountId);
    if (!record) {
      record = { status: new Array<AdoptionStatus | undefined>(n), since: new Array<string | undefined>(n) };
      records.set(accountId, record);
    }
    record.status[i] = status;
    record.since[i] = since;
  }
  const changes = new Map<string, Array<PairChanges | undefined>>();
  for (const [accountId, capability, text] of scope
    .prepare<string[], [string, string, string]>(
      // Each pair's changes as "date status" text in date order (latest note last on a day), one row per pair, from
      // the covering index of 0016: parsed only for the pairs a report needs.
      `SELECT account_id, capability, group_concat(on_date || ' ' || status, ' ' ORDER BY on_date, rowid)
       FROM adoption_notes WHERE deleted = 0 AND status IS NOT NULL${one.sql} GROUP BY account_id, capability`,
    )
    .raw()
    .all(...one.params)) {
    const i = column.get(capability);
    if (i === undefined) continue;
    let lists = changes.get(accountId);
    if (!lists) {
      lists = new Array<PairChanges | undefined>(n);
      changes.set(accountId, lists);
    }
    const lastSpace = text.lastIndexOf(' ');
    lists[i] = { text, last: text.slice(text.lastIndexOf(' ', lastSpace - 1) + 1, lastSpace), list: null };
  }
  return { capabilities, column, records, changes };
}

/**
 * Adoption: each covered account's score (core/model/adoption.ts) on the report's last day and on the day before
 * the period, the capability × account statuses on the last day, and the mean score at the end of each ISO week.
 * The status of a capability on a day is the one set by the latest status change (adoption note with a status) on
 * or before it; a record with no change noted counts from its `since` date; otherwise it is not started. A pair
 * with no change after the day before the period reads its record (the service keeps record and notes together).
 */
export function adoptionFigure(scope: Scope): AdoptionFigure {
  const { capabilities, column, records, changes: allChanges } = scope.accountsMemo('adoption', (accountId) => adoptionInputs(scope, accountId));
  const n = capabilities.length;
  const before = addDays(scope.query.from, -1);
  // Only pairs whose status changed after the day before the period need their history; every other pair is as
  // its record says throughout the period. A pair first changed after the period's last day has no change yet as
  // of it (its list holds none that early).
  const history = new Map<string, Array<Change[] | undefined>>();
  for (const accountId of scope.accounts.keys()) {
    const pairs = allChanges.get(accountId);
    if (!pairs) continue;
    let lists: Array<Change[] | undefined> | undefined;
    for (let i = 0; i < n; i += 1) {
      const pair = pairs[i];
      if (!pair || pair.last <= before) continue;
      lists ??= new Array<Change[] | undefined>(n);
      lists[i] = changeList(pair);
    }
    if (lists) history.set(accountId, lists);
  }
  // The status of capability i on a day: the latest change on or before it for a changed pair (none: not started
  // yet), else the record from its `since` date.
  const statusOn = (
    record: AdoptionRecord | undefined,
    changes: Array<Change[] | undefined> | undefined,
    i: number,
    day: string,
  ): AdoptionStatus | undefined => {
    const list = changes?.[i];
    if (list) {
      let status: AdoptionStatus | undefined;
      for (const c of list) {
        if (c.on > day) break;
        status = c.status;
      }
      return status;
    }
    const since = record?.since[i];
    return since !== undefined && since <= day ? record?.status[i] : undefined;
  };
  const scoreOf = (statuses: Array<AdoptionStatus | undefined>) => adoptionScore(capabilities, (code) => statuses[column.get(code) as number]).score;
  const days = weeksOfPeriod(scope)
    .filter((w) => w.first <= scope.asOfDate)
    .map(({ week, last }) => ({ week, end: last < scope.asOfDate ? last : scope.asOfDate }));
  const sums = days.map(() => ({ total: 0, count: 0 }));
  const statusesOn = (
    record: AdoptionRecord | undefined,
    changes: Array<Change[] | undefined> | undefined,
    day: string,
  ) => {
    const out = new Array<AdoptionStatus | undefined>(n);
    for (let i = 0; i < n; i += 1) out[i] = statusOn(record, changes, i, day);
    return out;
  };
  const accounts: AdoptionFigure['accounts'] = [];
  for (const a of scope.accounts.values()) {
    const record = records.get(a.id);
    const changes = history.get(a.id);
    const now = statusesOn(record, changes, scope.asOfDate);
    const statuses: Record<string, AdoptionStatus> = {};
    for (let i = 0; i < n; i += 1) statuses[(capabilities[i] as { code: string }).code] = now[i] ?? 'not_started';
    const score = scoreOf(now);
    // An account with no change in the period scores the same every week.
    days.forEach((d, i) => {
      const s = changes ? scoreOf(statusesOn(record, changes, d.end)) : score;
      const sum = sums[i];
      if (s !== null && sum) {
        sum.total += s;
        sum.count += 1;
      }
    });
    accounts.push({ accountId: a.id, accountName: a.name, score, startScore: changes ? scoreOf(statusesOn(record, changes, before)) : score, statuses });
  }
  const trend = days.map(({ week, end }, i) => {
    const sum = sums[i];
    return { week, end, meanScore: !sum || sum.count === 0 ? null : sum.total / sum.count };
  });
  return { capabilities: capabilities.map(({ code, name }) => ({ code, name })), accounts, trend };
}

type StageEvent = { fromStage: LifecycleStage; toStage: LifecycleStage; at: string; ms: number };

/** Every live hand-off by account (or one account's), as recorded (no period decides it; kept by scope.accountsMemo). */
function stageEvents(scope: Scope, accountId: string | null): Map<string, StageEvent[]> {
  const events = new Map<string, StageEvent[]>();
  for (const [account, fromStage, toStage, at] of scope
    .prepare<string[], [accountId: string, fromStage: LifecycleStage, toStage: LifecycleStage, at: string]>(
      `SELECT account_id, from_stage, to_stage, at FROM lifecycle_events WHERE deleted = 0${accountId === null ? '' : ' AND account_id = ?'}`,
    )
    .raw()
    .all(...(accountId === null ? [] : [accountId]))) {
    const event = { fromStage, toStage, at, ms: Date.parse(at) };
    const list = events.get(account);
    if (list) list.push(event);
    else events.set(account, [event]);
  }
  return events;
}

/** A hand-off whose checklist still has open items. */
interface OpenHandoff {
  id: string;
  account_id: string;
  from_stage: LifecycleStage;
  to_stage: LifecycleStage;
  at: string;
  total: number;
  open: number;
}

/** Every live hand-off (or one account's) with open checklist items, oldest first (no period decides it). */
function openHandoffs(scope: Scope, accountId: string | null): OpenHandoff[] {
  return scope
    .prepare<string[], OpenHandoff>(
      `SELECT e.id, e.account_id, e.from_stage, e.to_stage, e.at,
              (SELECT COUNT(*) FROM handoff_items h WHERE h.event_id = e.id AND h.deleted = 0) AS total,
              (SELECT COUNT(*) FROM handoff_items h WHERE h.event_id = e.id AND h.deleted = 0 AND h.done = 0) AS open
       FROM lifecycle_events e WHERE e.deleted = 0${accountId === null ? '' : ' AND e.account_id = ?'} AND open > 0
       ORDER BY e.at, e.id`,
    )
    .all(...(accountId === null ? [] : [accountId]));
}

type Stay = { from: string; fromMs: number } | null;

/** When an account's current stay in its stage began (core/model/lifecycle.ts stageStints; null: unknown). */
function currentStay(account: ScopeAccount, events: readonly StageEvent[]): Stay {
  const wall = account.stageClock ? decodeHlc(account.stageClock).wall : 0;
  const stageSetAt = wall > 0 ? new Date(wall).toISOString() : account.createdAt;
  const current = stageStints({ stage: account.stage, createdAt: account.createdAt, stageSetAt }, events).at(-1);
  return current && current.from !== null ? { from: current.from, fromMs: Date.parse(current.from) } : null;
}

/**
 * Lifecycle: covered accounts per stage now, the median time those accounts had spent in that stage at the
 * report's instant (the stays of core/model/lifecycle.ts; a stay begun after it is left out), the hand-offs dated in
 * the period, and every hand-off up to the period's end whose checklist still has open items.
 */
export function lifecycleFigure(scope: Scope): LifecycleFigure {
  const events = scope.accountsMemo('lifecycle events', (accountId) => stageEvents(scope, accountId));
  let handoffs = 0;
  for (const accountId of scope.accounts.keys())
    for (const e of events.get(accountId) ?? []) if (e.ms >= scope.startMs && e.ms < scope.endMs) handoffs += 1;
  const asOf = scope.asOfIso;
  // No period decides when a stay began: kept by scope.memo, account by account as reports ask.
  const stays = scope.memo('lifecycle stays', () => new Map<string, Stay>());
  const times = new Map<LifecycleStage, number[]>(LIFECYCLE_STAGES.map((s) => [s, []]));
  for (const account of scope.accounts.values()) {
    let stay = stays.get(account.id);
    if (stay === undefined) {
      stay = currentStay(account, events.get(account.id) ?? []);
      stays.set(account.id, stay);
    }
    // A stay that began after the report's instant (an account set up since) says nothing about that time.
    if (stay && stay.from <= asOf) times.get(account.stage)?.push(Math.max(0, scope.asOfMs - stay.fromMs));
  }
  const counts = new Map<LifecycleStage, number>();
  for (const a of scope.accounts.values()) counts.set(a.stage, (counts.get(a.stage) ?? 0) + 1);
  // Oldest first, up to the period's end, the listed number.
  const incomplete: OpenHandoff[] = [];
  for (const h of scope.accountsMemo('open hand-offs', (accountId) => openHandoffs(scope, accountId))) {
    if (h.at >= scope.endIso || incomplete.length >= REPORT_LIST_LIMIT) break;
    if (scope.accounts.has(h.account_id)) incomplete.push(h);
  }
  return {
    stages: LIFECYCLE_STAGES.map((stage) => ({ stage, accounts: counts.get(stage) ?? 0, medianMs: median(times.get(stage) ?? []) })),
    handoffs,
    incomplete: incomplete.map((r) => ({
      accountId: r.account_id,
      accountName: scope.accounts.get(r.account_id)?.name ?? '',
      tab: 'lifecycle' as const,
      id: r.id,
      label: `${r.open} of ${r.total} checklist items open`,
      fromStage: r.from_stage,
      toStage: r.to_stage,
      at: r.at,
      open: r.open,
      total: r.total,
    })),
  };
}

/** The most requested asks: asks raised in reviews held in the period, ranked by rankAsks (core/model/reviews.ts). */
export function asksFigure(scope: Scope): RankedAsk[] {
  const one = singleClause(scope, 'i.account_id');
  // Rows as arrays, each made straight into the ask to rank.
  const rows = scope
    .prepare<
      string[],
      [
        id: string,
        accountId: string,
        reviewId: string,
        reviewDate: string,
        title: string,
        position: number,
        priority: ReviewAsk['priority'] | null,
        impact: ReviewAsk['impact'] | null,
        status: ReviewAsk['status'] | null,
      ]
    >(
      `SELECT i.id, i.account_id, i.review_id, r.date AS review_date, i.title, i.position, i.priority, i.impact, i.status
       FROM roadmap_reviews r JOIN review_items i ON i.review_id = r.id AND i.kind = 'ask' AND i.deleted = 0
       WHERE r.deleted = 0 AND r.date >= ? AND r.date <= ?${one.sql}`,
    )
    .raw()
    .all(scope.query.from, scope.query.to, ...one.params);
  const asks: AskForRanking[] = [];
  for (const [askId, accountId, reviewId, reviewDate, title, position, priority, impact, status] of rows) {
    const account = scope.accounts.get(accountId);
    if (!account) continue;
    asks.push({
      askId,
      accountId,
      accountName: account.name,
      reviewId,
      reviewDate,
      title,
      position,
      priority: priority ?? 'low',
      impact: impact ?? 'low',
      status: status ?? 'open',
    });
  }
  return rankAsks(asks, false).slice(0, TOP_ASKS);
}

/**
 * Coverage: sovereign or cleared accounts (a clearance label, or a residency other than global) whose people
 * cannot answer them. With an on-call rotation, each shift not covered (core/model/rotation.ts `rotationCoverage`:
 * every person in its order must hold the clearance and work from the region) is a gap. Without one, a tier that
 * gets a rotation is a gap in itself, and any other account is a gap when nobody on its team qualifies.
 */
export function coverageFigure(scope: Scope): CoverageFigure {
  // Nothing in it depends on the period: the accounts covered, their teams, rotations and the people directory.
  // Each report gets its own copy of the kept figure (a few dozen gaps at most), so no reader can change another's.
  return structuredClone(scope.memo(`coverage ${scope.filterKey}`, () => coverageOf(scope)));
}

function coverageOf(scope: Scope): CoverageFigure {
  const restricted = [...scope.accounts.values()].filter((a) => a.clearance !== null || a.residency !== GLOBAL_RESIDENCY);
  if (restricted.length === 0) return { accounts: 0, shifts: 0, coveredShifts: 0, gaps: [] };
  const ids = new Set(restricted.map((a) => a.id));
  const one = singleClause(scope, 'account_id');
  const rotations = new Map<string, Shift[]>();
  for (const r of scope
    .prepare<string[], { account_id: string; shifts: string }>(`SELECT account_id, shifts FROM on_call_rotations WHERE deleted = 0${one.sql}`)
    .all(...one.params))
    if (ids.has(r.account_id)) rotations.set(r.account_id, JSON.parse(r.shifts) as Shift[]);
  const people = scope
    .prepare<[], { id: string; email: string; clearances: string; home_region: string }>(`SELECT id, email, clearances, home_region FROM people WHERE deleted = 0`)
    .all()
    .map((p) => ({ id: p.id, email: p.email.trim().toLowerCase(), person: { clearances: JSON.parse(p.clearances) as string[], homeRegion: p.home_region } }));
  const byId = new Map(people.map((p) => [p.id, p.person]));
  const byEmail = new Map(people.map((p) => [p.email, p.person]));
  const members = new Map<string, Map<string, CoverageMember>>();
  // Every account's team is read, most of it for accounts that are not restricted: rows as arrays.
  for (const [id, accountId, name, email, personId] of scope
    .prepare<string[], [id: string, accountId: string, name: string, email: string, personId: string | null]>(
      `SELECT id, account_id, name, email, person_id FROM team_roles WHERE deleted = 0${one.sql}`,
    )
    .raw()
    .all(...one.params)) {
    if (!ids.has(accountId)) continue;
    const person = (personId !== null ? byId.get(personId) : undefined) ?? (email !== '' ? byEmail.get(email.trim().toLowerCase()) : undefined) ?? null;
    const map = members.get(accountId) ?? new Map<string, CoverageMember>();
    map.set(id, { name, person });
    members.set(accountId, map);
  }

  const gaps: CoverageGap[] = [];
  let shifts = 0;
  let coveredShifts = 0;
  for (const account of restricted) {
    const requirement = coverageRequirement(account);
    const team = members.get(account.id) ?? new Map<string, CoverageMember>();
    const ref = { accountId: account.id, accountName: account.name, tab: 'team' as const, requirement };
    const rotation = rotations.get(account.id);
    if (rotation) {
      // rotationCoverage's rule, shift by shift: covered when its order is not empty and every person in it
      // qualifies (qualificationProblems). Its week-gap scan is left out: gaps are not this figure's question.
      for (const shift of rotation) {
        shifts += 1;
        const slots = shift.order.map((id) => {
          const member = team.get(id) ?? null;
          return { name: member?.name ?? null, problems: qualificationProblems(member, requirement) };
        });
        if (slots.length > 0 && slots.every((s) => s.problems.length === 0)) {
          coveredShifts += 1;
          continue;
        }
        const problems = slots.flatMap((s) => s.problems.map((problem) => ({ member: s.name, problem })));
        gaps.push({ ...ref, id: shift.id, label: slots.length === 0 ? `${shift.name}: nobody in the order` : `${shift.name}: not every person qualifies`, shiftId: shift.id, shiftName: shift.name, problems });
      }
      continue;
    }
    if (ON_CALL_TIERS.includes(account.tier)) {
      gaps.push({ ...ref, id: null, label: 'No on-call rotation', shiftId: null, shiftName: null, problems: [] });
      continue;
    }
    const checks = [...team.values()].map((m) => ({ member: m.name, problems: qualificationProblems(m, requirement) }));
    if (checks.some((c) => c.problems.length === 0)) continue;
    gaps.push({
      ...ref,
      id: null,
      label: team.size === 0 ? 'Nobody on the account team' : 'Nobody on the team qualifies',
      shiftId: null,
      shiftName: null,
      problems: checks.flatMap((c) => c.problems.map((problem) => ({ member: c.member, problem }))),
    });
  }
  gaps.sort((a, b) => a.accountName.localeCompare(b.accountName) || (a.shiftName ?? '').localeCompare(b.shiftName ?? ''));
  return { accounts: restricted.length, shifts, coveredShifts, gaps: gaps.slice(0, REPORT_LIST_LIMIT) };
}
