import { FieldbookError, LIFECYCLE_STAGES, LIFECYCLE_STAGE_LABELS, STAGE_OWNER_ROLES, median, newId, stageStints, stintMs } from '../model';
import type {
  Account,
  AccountLifecycle,
  HandoffItem,
  HandoffTemplateItem,
  HandoffTemplateSave,
  HandoffTick,
  LifecycleEvent,
  LifecycleMove,
  LifecycleOverview,
  LifecycleStage,
  StageStint,
} from '../model';
import { decodeHlc } from '../protocol/hlc';
import { AccountsRepo } from '../store/accountsRepo';
import { LifecycleRepo } from '../store/lifecycleRepo';
import type { StoredEvent, StoredItem } from '../store/lifecycleRepo';
import { TeamRepo } from '../store/teamRepo';
import type { ServiceContext } from './context';
import { HandoffRecorder, stageOwnerName } from './handoffs';
import type { ProfileService } from './profile';
import type { TeamService } from './team';

/** How far ahead of this device's clock a hand-off may be dated (clocks of two machines never agree exactly). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

function invalid(field: string, message: string): FieldbookError {
  return new FieldbookError('invalid', message, { fields: { [field]: message } });
}

const dateOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

/**
 * Lifecycle and hand-offs: a stage change is an event with its checklist, written in the same transaction as the
 * account's new stage, so no device ever sees one without the other.
 */
export class LifecycleService {
  readonly repo: LifecycleRepo;
  private readonly accounts: AccountsRepo;
  private readonly team: TeamRepo;
  private readonly handoffs: HandoffRecorder;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly people: TeamService,
    private readonly profile: ProfileService,
  ) {
    this.repo = new LifecycleRepo(ctx.store);
    this.accounts = new AccountsRepo(ctx.store);
    this.team = new TeamRepo(ctx.store);
    this.handoffs = new HandoffRecorder(ctx.store);
    // The default checklists exist wherever the service does; missing ones are added, edited ones left alone.
    this.repo.seedTemplates();
  }

  private account(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id });
    return account;
  }

  // ---- Checklist templates ----

  templates(stage?: LifecycleStage): HandoffTemplateItem[] {
    return this.repo.listTemplates(stage);
  }

  saveTemplateItem({ id, stage, text }: HandoffTemplateSave): HandoffTemplateItem {
    this.people.requireOrgEditor('hand-off checklists');
    const itemId = id ?? newId();
    this.ctx.store.write(() => {
      if (id === undefined) {
        const sort = Math.max(-1, ...this.repo.listTemplates(stage).map((t) => t.sort)) + 1;
        this.repo.templates.insert(itemId, 'org', { stage, text, sort });
      } else {
        const current = this.repo.template(id);
        if (!current) throw new FieldbookError('not_found', 'That checklist item no longer exists.', { id });
        // Moving an item to another stage puts it last there.
        const sort = current.stage === stage ? current.sort : Math.max(-1, ...this.repo.listTemplates(stage).map((t) => t.sort)) + 1;
        this.repo.templates.update(id, { stage, text, sort });
      }
    });
    this.ctx.changed(['handoff_templates']);
    return this.requireTemplate(itemId);
  }

  deleteTemplateItem(id: string): { id: string } {
    this.people.requireOrgEditor('hand-off checklists');
    this.ctx.store.write(() => {
      this.repo.templates.liveRow(id);
      this.repo.templates.setDeleted(id, true);
    });
    this.ctx.changed(['handoff_templates']);
    return { id };
  }

  restoreTemplateItem(id: string): HandoffTemplateItem {
    this.people.requireOrgEditor('hand-off checklists');
    this.ctx.store.write(() => this.repo.templates.setDeleted(id, false));
    this.ctx.changed(['handoff_templates']);
    return this.requireTemplate(id);
  }

  private requireTemplate(id: string): HandoffTemplateItem {
    const item = this.repo.template(id);
    if (!item) throw new FieldbookError('not_found', 'That checklist item no longer exists.', { id });
    return item;
  }

  // ---- Stage changes ----

  move(input: LifecycleMove): AccountLifecycle {
    this.ctx.store.write(() => {
      // Read and checked inside the write, so a concurrent change (the CLI, another window) cannot slip in between.
      const account = this.account(input.accountId);
      if (input.to === account.stage) throw invalid('to', `${account.name} is already in ${LIFECYCLE_STAGE_LABELS[account.stage]}.`);
      const now = this.ctx.store.now();
      const at = input.at === undefined ? now.toISOString() : new Date(input.at).toISOString();
      if (Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS) throw invalid('at', 'A hand-off cannot be dated in the future.');
      const previous = this.repo.listEvents(account.id).at(-1);
      if (previous && Date.parse(at) < Date.parse(previous.at)) {
        throw invalid('at', `The previous hand-off is dated ${dateOf(previous.at)}; date this one on or after it.`);
      }
      const template = this.repo.listTemplates(input.to);
      const done = new Set(input.done ?? []);
      const unknown = [...done].filter((d) => !template.some((t) => t.id === d));
      if (unknown.length > 0) throw invalid('done', `${unknown.length} ticked item(s) are not on the ${LIFECYCLE_STAGE_LABELS[input.to]} checklist any more. Reload it and try again.`);
      this.handoffs.record(account, { to: input.to, at, fromOwner: input.fromOwner, toOwner: input.toOwner, note: input.note ?? '', done });
      this.accounts.table.update(account.id, { stage: input.to });
    });
    this.ctx.changed(['lifecycle_events', 'handoff_items', 'accounts']);
    return this.history(input.accountId);
  }

  /** Ticks (or unticks) a checklist item of a past hand-off: an incomplete checklist can be finished later. */
  tick({ id, done }: HandoffTick): HandoffItem {
    const item = this.ctx.store.write(() => {
      const current = this.repo.item(id);
      if (!current) throw new FieldbookError('not_found', 'That checklist item no longer exists.', { id });
      if (current.done !== done) {
        this.repo.items.update(id, done ? { done, doneAt: this.ctx.store.now().toISOString(), doneBy: this.profile.get()?.name ?? null } : { done, doneAt: null, doneBy: null });
      }
      return this.repo.item(id);
    });
    if (!item) throw new FieldbookError('internal', 'The checklist item was not saved.');
    this.ctx.changed(['handoff_items']);
    const { accountId: _a, ...rest } = item;
    return rest;
  }

  // ---- Reading ----

  /** When the account's stage field last changed, from its field clock (the wall time of the write). */
  private stageSetAt(account: Account, clock: string | null | undefined): string {
    const wall = clock ? decodeHlc(clock).wall : 0;
    return wall > 0 ? new Date(wall).toISOString() : account.createdAt;
  }

  private stints(account: Account, events: readonly StoredEvent[], stageClock?: string | null): StageStint[] {
    const clock = stageClock !== undefined ? stageClock : this.repo.stageClocks().get(account.id);
    return stageStints({ stage: account.stage, createdAt: account.createdAt, stageSetAt: this.stageSetAt(account, clock) }, events);
  }

  history(accountId: string): AccountLifecycle {
    const account = this.account(accountId);
    const events = this.repo.listEvents(accountId);
    const items = this.repo.itemsByEvent(accountId);
    const asOf = this.ctx.store.now().toISOString();
    const current = this.stints(account, events).at(-1);
    const enteredAt = current?.from ?? account.createdAt;
    const withItems = events.map((e) => toEvent(e, items.get(e.id) ?? [])).reverse();
    const members = this.team.listMembers(accountId);
    return {
      accountId,
      stage: account.stage,
      enteredAt,
      timeInStageMs: current ? (stintMs(current, asOf) ?? 0) : 0,
      asOf,
      owner: { role: STAGE_OWNER_ROLES[account.stage], name: stageOwnerName(members, account.stage) },
      events: withItems,
      openItems: withItems.reduce((n, e) => n + e.openItems, 0),
    };
  }

  /** The whole portfolio by stage: accounts in each, median times in stage, and hand-offs left incomplete. */
  overview(): LifecycleOverview {
    const asOf = this.ctx.store.now().toISOString();
    const accounts = this.accounts.list({});
    const clocks = this.repo.stageClocks();
    const byAccount = new Map<string, StoredEvent[]>();
    for (const e of this.repo.allEvents()) {
      const list = byAccount.get(e.accountId) ?? [];
      list.push(e);
      byAccount.set(e.accountId, list);
    }
    const stages = LIFECYCLE_STAGES.map((stage) => ({
      stage,
      ownerRole: STAGE_OWNER_ROLES[stage],
      accounts: [] as LifecycleOverview['stages'][number]['accounts'],
      completed: [] as number[],
    }));
    const byStage = new Map(stages.map((s) => [s.stage, s]));
    for (const account of accounts) {
      for (const stint of this.stints(account, byAccount.get(account.id) ?? [], clocks.get(account.id) ?? null)) {
        const ms = stintMs(stint, asOf);
        const slot = byStage.get(stint.stage);
        if (ms === null || !slot) continue;
        if (stint.until === null) slot.accounts.push({ id: account.id, name: account.name, enteredAt: stint.from ?? account.createdAt, timeInStageMs: ms });
        else slot.completed.push(ms);
      }
    }
    const names = new Map(accounts.map((a) => [a.id, a.name]));
    const counts = this.repo.checklistCounts();
    const incomplete: LifecycleOverview['incomplete'] = [];
    for (const [accountId, events] of byAccount) {
      const accountName = names.get(accountId);
      if (accountName === undefined) continue;
      for (const e of events) {
        const { open, total } = counts.get(e.id) ?? { open: 0, total: 0 };
        if (open > 0) incomplete.push({ accountId, accountName, eventId: e.id, fromStage: e.fromStage, toStage: e.toStage, at: e.at, open, total });
      }
    }
    incomplete.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return {
      asOf,
      stages: stages.map(({ completed, ...s }) => ({
        ...s,
        accounts: s.accounts.sort((a, b) => b.timeInStageMs - a.timeInStageMs),
        medianCurrentMs: median(s.accounts.map((a) => a.timeInStageMs)),
        medianCompletedMs: median(completed),
      })),
      incomplete,
    };
  }
}

function toEvent(event: StoredEvent, items: readonly StoredItem[]): LifecycleEvent {
  const { updatedAt: _u, ...rest } = event;
  const list = items.map(({ accountId: _a, ...item }) => item);
  return { ...rest, items: list, openItems: list.filter((i) => !i.done).length };
}
