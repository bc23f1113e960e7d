import { FieldbookError, GLOBAL_RESIDENCY, ON_CALL_TIERS, TEAM_ROLE_LABELS, newId, shiftOverlap } from '../model';
import type {
  AccountTeam,
  Contact,
  ContactCreate,
  ContactFields,
  ContactUpdate,
  DirectoryPerson,
  FieldErrors,
  Person,
  PersonSave,
  Profile,
  Rotation,
  RotationSave,
  TeamMember,
  TeamMemberAdd,
  TeamMemberFields,
} from '../model';
import { AccountsRepo } from '../store/accountsRepo';
import { TeamRepo } from '../store/teamRepo';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';
import type { ProfileService } from './profile';

const ORG_EDITORS: ReadonlyArray<Profile['role']> = ['manager', 'admin'];

function invalid(field: string, message: string): FieldbookError {
  return new FieldbookError('invalid', message, { fields: { [field]: message } });
}

const sameText = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Who's who: the people directory (org partition, changed by managers and admins, as the sync server insists),
 * the roles people hold on each account, the customer's contacts and the on-call rotation.
 */
export class TeamService {
  readonly repo: TeamRepo;
  private readonly accounts: AccountsRepo;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
    private readonly profile: ProfileService,
  ) {
    this.repo = new TeamRepo(ctx.store);
    this.accounts = new AccountsRepo(ctx.store);
  }

  /** Organisation-wide records are the managers' (the server refuses anyone else's changes); say so before writing. */
  requireOrgEditor(what: string): void {
    const role = this.profile.get()?.role;
    if (role === undefined || !ORG_EDITORS.includes(role)) {
      throw new FieldbookError('forbidden', `Only managers and admins change ${what}. Your profile's role is ${role ?? 'not set yet'}.`);
    }
  }

  private account(id: string) {
    const account = this.accounts.get(id);
    if (!account) throw new FieldbookError('not_found', 'That account does not exist. It may have been deleted.', { id });
    return account;
  }

  // ---- People directory ----

  /** The directory, with "me" (the local profile) listed until a directory entry carries my email. */
  directory(): DirectoryPerson[] {
    const people: DirectoryPerson[] = this.repo.listPeople().map((p) => ({ ...stripMeta(p), isMe: false }));
    const me = this.profile.get();
    if (!me) return people;
    const mine = people.find((p) => sameText(p.email, me.email));
    if (mine) {
      mine.isMe = true;
      return people;
    }
    return [{ id: null, isMe: true, name: me.name, email: me.email, roles: [me.role], clearances: [], homeRegion: me.homeRegion, timeZone: me.timeZone }, ...people];
  }

  savePerson({ id, fields }: PersonSave): Person {
    this.requireOrgEditor('the people directory');
    const errors: FieldErrors = {};
    const region = fields.homeRegion === GLOBAL_RESIDENCY ? 'Choose the region the person works from; "Global" is not a region.' : this.catalog.problem('residency', fields.homeRegion);
    if (region) errors['homeRegion'] = region;
    const clearance = fields.clearances.map((c) => this.catalog.problem('clearance', c)).find((p) => p !== null);
    if (clearance) errors['clearances'] = clearance;
    const taken = this.repo.listPeople().find((p) => p.id !== id && sameText(p.email, fields.email));
    if (taken) errors['email'] = `${taken.name} already has the email ${taken.email}.`;
    const first = Object.values(errors)[0];
    if (first) throw new FieldbookError('invalid', first, { fields: errors });
    const personId = id ?? newId();
    this.ctx.store.write(() => {
      if (id === undefined) this.repo.insertPerson(personId, { ...fields, clearances: [...new Set(fields.clearances)] });
      else {
        this.repo.people.liveRow(id);
        this.repo.people.update(id, { ...fields, clearances: [...new Set(fields.clearances)] });
      }
    });
    this.ctx.changed(['people']);
    return this.requirePerson(personId);
  }

  deletePerson(id: string): { id: string } {
    this.requireOrgEditor('the people directory');
    this.ctx.store.write(() => {
      this.repo.people.liveRow(id);
      this.repo.people.setDeleted(id, true);
    });
    this.ctx.changed(['people']);
    return { id };
  }

  restorePerson(id: string): Person {
    this.requireOrgEditor('the people directory');
    this.ctx.store.write(() => this.repo.people.setDeleted(id, false));
    this.ctx.changed(['people']);
    return this.requirePerson(id);
  }

  private requirePerson(id: string): Person {
    const person = this.repo.person(id);
    if (!person) throw new FieldbookError('not_found', 'That person is not in the directory.', { id });
    return person;
  }

  // ---- The account team ----

  team(accountId: string): AccountTeam {
    const account = this.account(accountId);
    const members = this.repo.listMembers(accountId);
    const directory = this.directory();
    const people: Record<string, DirectoryPerson> = {};
    for (const m of members) {
      const person = directory.find((p) => (m.personId !== null && p.id === m.personId) || (m.email !== '' && sameText(p.email, m.email)));
      if (person) people[m.id] = person;
    }
    return {
      accountId,
      members,
      contacts: this.repo.listContacts(accountId),
      rotation: this.repo.rotation(accountId),
      rotationApplies: ON_CALL_TIERS.includes(account.tier),
      people,
    };
  }

  /** Adds a role holder: a directory person, "me", or a name (linked when the directory knows it). */
  addMember(input: TeamMemberAdd): TeamMember {
    this.account(input.accountId);
    const fields = this.resolveMember(input);
    const duplicate = this.repo
      .listMembers(input.accountId)
      .find((m) => m.role === fields.role && ((fields.personId !== null && m.personId === fields.personId) || sameText(m.name, fields.name)));
    if (duplicate) throw new FieldbookError('conflict', `${duplicate.name} is already the ${TEAM_ROLE_LABELS[fields.role]} on this account.`, { fields: { name: 'Already on the team in this role.' } });
    const id = newId();
    this.ctx.store.write(() => this.repo.members.insert(id, input.accountId, fields));
    this.ctx.changed(['team_roles']);
    return this.requireMember(id);
  }

  private resolveMember(input: TeamMemberAdd): TeamMemberFields {
    const note = input.note ?? '';
    if (input.me) {
      const me = this.profile.get();
      if (!me) throw new FieldbookError('invalid', 'Set up your profile first: it says who "me" is.');
      const listed = this.repo.listPeople().find((p) => sameText(p.email, me.email));
      return { role: input.role, personId: listed?.id ?? null, name: me.name, email: me.email, note };
    }
    if (input.personId !== undefined) {
      const person = this.repo.person(input.personId);
      if (!person) throw invalid('personId', 'That person is not in the directory.');
      return { role: input.role, personId: person.id, name: person.name, email: person.email, note };
    }
    const name = input.name?.trim() ?? '';
    if (name === '') throw invalid('name', 'Name is required: choose someone from the directory or type a name.');
    const email = input.email ?? '';
    const people = this.repo.listPeople();
    const matches = people.filter((p) => sameText(p.name, name) || sameText(p.email, name) || (email !== '' && sameText(p.email, email)));
    if (matches.length > 1) throw invalid('name', `${matches.length} people in the directory match "${name}". Use their email instead.`);
    const person = matches[0];
    if (person) return { role: input.role, personId: person.id, name: person.name, email: person.email, note };
    // Not in the directory (yet): the team still records who it is.
    const me = this.profile.get();
    if (me && (sameText(me.name, name) || sameText(me.email, name))) return { role: input.role, personId: null, name: me.name, email: me.email, note };
    return { role: input.role, personId: null, name, email, note };
  }

  private requireMember(id: string): TeamMember {
    const member = this.repo.member(id);
    if (!member) throw new FieldbookError('not_found', 'That team member is no longer on the account.', { id });
    return member;
  }

  removeMember(id: string): { id: string; accountId: string } {
    const member = this.requireMember(id);
    this.ctx.store.write(() => this.repo.members.setDeleted(id, true));
    this.ctx.changed(['team_roles']);
    return { id, accountId: member.accountId };
  }

  restoreMember(id: string): TeamMember {
    this.ctx.store.write(() => this.repo.members.setDeleted(id, false));
    this.ctx.changed(['team_roles']);
    return this.requireMember(id);
  }

  // ---- Contacts ----

  createContact(input: ContactCreate): Contact {
    this.account(input.accountId);
    const { accountId, ...given } = input;
    const fields: ContactFields = { title: '', email: '', phone: '', notes: '', ...stripUndefined(given) };
    const id = newId();
    this.ctx.store.write(() => this.repo.contacts.insert(id, accountId, fields));
    this.ctx.changed(['contacts']);
    return this.requireContact(id);
  }

  updateContact({ id, patch }: ContactUpdate): Contact {
    const changed = this.ctx.store.write(() => this.repo.contacts.update(id, stripUndefined(patch)));
    if (changed.length > 0) this.ctx.changed(['contacts']);
    return this.requireContact(id);
  }

  deleteContact(id: string): { id: string } {
    this.requireContact(id);
    this.ctx.store.write(() => this.repo.contacts.setDeleted(id, true));
    this.ctx.changed(['contacts']);
    return { id };
  }

  restoreContact(id: string): Contact {
    this.ctx.store.write(() => this.repo.contacts.setDeleted(id, false));
    this.ctx.changed(['contacts']);
    return this.requireContact(id);
  }

  listContacts(accountId: string): Contact[] {
    this.account(accountId);
    return this.repo.listContacts(accountId);
  }

  private requireContact(id: string): Contact {
    const contact = this.repo.contact(id);
    if (!contact) throw new FieldbookError('not_found', 'That contact no longer exists. It may have been deleted.', { id });
    return contact;
  }

  // ---- On-call rotation ----

  saveRotation({ accountId, fields }: RotationSave): Rotation {
    const account = this.account(accountId);
    if (!ON_CALL_TIERS.includes(account.tier)) {
      throw new FieldbookError('invalid', `On-call rotations are for Premier and Dedicated accounts; ${account.name} is on ${account.tier}.`);
    }
    const overlap = shiftOverlap(fields.shifts);
    if (overlap) throw invalid('shifts', overlap);
    const memberIds = new Set(this.repo.listMembers(accountId).map((m) => m.id));
    const stranger = fields.shifts.find((s) => s.order.some((id) => !memberIds.has(id)));
    if (stranger) throw invalid('shifts', `${stranger.name} lists someone who is not on this account's team. Add them to the team first.`);
    this.ctx.store.write(() => this.repo.saveRotation(accountId, fields));
    this.ctx.changed(['on_call_rotations']);
    const saved = this.repo.rotation(accountId);
    if (!saved) throw new FieldbookError('internal', 'The rotation was not saved.');
    return saved;
  }

  deleteRotation(accountId: string): { accountId: string } {
    this.account(accountId);
    const id = TeamRepo.rotationId(accountId);
    if (!this.repo.rotation(accountId)) throw new FieldbookError('not_found', 'This account has no on-call rotation.');
    this.ctx.store.write(() => this.repo.rotations.setDeleted(id, true));
    this.ctx.changed(['on_call_rotations']);
    return { accountId };
  }
}

function stripMeta(person: Person): Omit<Person, 'createdAt' | 'updatedAt'> {
  const { createdAt: _c, updatedAt: _u, ...rest } = person;
  return rest;
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
