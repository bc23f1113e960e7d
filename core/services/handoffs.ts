import { STAGE_OWNER_ROLES, newId } from '../model';
import type { Account, LifecycleStage, TeamMember } from '../model';
import { LifecycleRepo } from '../store/lifecycleRepo';
import { ProfileRepo } from '../store/profileRepo';
import type { Store } from '../store/store';
import { TeamRepo } from '../store/teamRepo';

/** Who holds a stage's owning role on an account (the first by name), or null. */
export function stageOwnerName(members: readonly TeamMember[], stage: LifecycleStage): string | null {
  return members.find((m) => m.role === STAGE_OWNER_ROLES[stage])?.name ?? null;
}

export interface HandoffRecord {
  to: LifecycleStage;
  /** ISO instant of the hand-off. */
  at: string;
  fromOwner?: string | undefined;
  toOwner?: string | undefined;
  note: string;
  /** Template item ids ticked at the hand-off; the rest stay open and visible. */
  done: ReadonlySet<string>;
}

/**
 * The one place a stage change is written down: the lifecycle event, its checklist (from the target stage's
 * template) and the account's new stage. Every path that changes a stage goes through here — a hand-off on the
 * Lifecycle tab, the account form, the CLI, an import — so no stage change is ever left without its record.
 * Call it inside a write transaction.
 */
export class HandoffRecorder {
  private readonly lifecycle: LifecycleRepo;
  private readonly team: TeamRepo;
  private readonly profile: ProfileRepo;

  constructor(store: Store) {
    this.lifecycle = new LifecycleRepo(store);
    this.team = new TeamRepo(store);
    this.profile = new ProfileRepo(store);
  }

  /** Records the event and its checklist; returns the event id. The caller updates the account's stage. */
  record(account: Account, input: HandoffRecord): string {
    const id = newId();
    const members = this.team.listMembers(account.id);
    const by = this.profile.get()?.name ?? null;
    this.lifecycle.events.insert(id, account.id, {
      fromStage: account.stage,
      toStage: input.to,
      at: input.at,
      fromOwner: input.fromOwner ?? stageOwnerName(members, account.stage) ?? '',
      toOwner: input.toOwner ?? stageOwnerName(members, input.to) ?? '',
      note: input.note,
    });
    this.lifecycle.listTemplates(input.to).forEach((item, sort) => {
      const ticked = input.done.has(item.id);
      this.lifecycle.items.insert(newId(), account.id, { eventId: id, text: item.text, sort, done: ticked, doneAt: ticked ? input.at : null, doneBy: ticked ? by : null });
    });
    return id;
  }
}
