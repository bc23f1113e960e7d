import type { Contact, ContactFields, Person, PersonFields, Rotation, RotationFields, TeamMember, TeamMemberFields } from '../model';
import { ORG_PARTITION } from '../model';
import { Queries, decodeRow, derivedId } from './recordCodec';
import type { RecordCodec } from './recordCodec';
import type { Store } from './store';
import { SyncedTable } from './syncedTable';
import type { SyncedTableSpec } from './syncedTable';

/** Synced-table specs of the team domain; exported so registries (local tables, search, timeline) can list them. */
export const PEOPLE_SPEC: SyncedTableSpec<keyof PersonFields> = {
  table: 'people',
  columns: { name: 'name', email: 'email', roles: 'roles', clearances: 'clearances', homeRegion: 'home_region', timeZone: 'time_zone' },
};
export const TEAM_ROLES_SPEC: SyncedTableSpec<keyof TeamMemberFields> = {
  table: 'team_roles',
  columns: { role: 'role', personId: 'person_id', name: 'name', email: 'email', note: 'note' },
};
export const CONTACTS_SPEC: SyncedTableSpec<keyof ContactFields> = {
  table: 'contacts',
  columns: { name: 'name', title: 'title', email: 'email', phone: 'phone', notes: 'notes' },
  search: { kind: 'contact', label: 'Contact', columns: ['name', 'title', 'email', 'notes'], title: 'name', tab: 'team' },
  timeline: [{ kind: 'contact', label: 'Contact', event: 'Added', date: 'created_at', title: 'name', detail: 'title' }],
};
export const ON_CALL_ROTATIONS_SPEC: SyncedTableSpec<keyof RotationFields> = {
  table: 'on_call_rotations',
  columns: { timeZone: 'time_zone', startsOn: 'starts_on', handoffDay: 'handoff_day', handoffTime: 'handoff_time', shifts: 'shifts' },
};

const PEOPLE: RecordCodec<keyof PersonFields> = { spec: PEOPLE_SPEC, json: ['roles', 'clearances'] };
const TEAM_ROLES: RecordCodec<keyof TeamMemberFields> = { spec: TEAM_ROLES_SPEC };
const CONTACTS: RecordCodec<keyof ContactFields> = { spec: CONTACTS_SPEC };
const ROTATIONS: RecordCodec<keyof RotationFields> = { spec: ON_CALL_ROTATIONS_SPEC, json: ['shifts'] };

type Row = Record<string, unknown>;

/** People live in the org partition: their account_id says nothing about them. */
function toPerson(row: Row): Person {
  const { accountId: _org, ...person } = decodeRow<keyof PersonFields, PersonFields>(PEOPLE, row);
  return person;
}

/** The team domain's tables: the people directory, roles on accounts, contacts, on-call rotations. */
export class TeamRepo {
  readonly people: SyncedTable<keyof PersonFields>;
  readonly members: SyncedTable<keyof TeamMemberFields>;
  readonly contacts: SyncedTable<keyof ContactFields>;
  readonly rotations: SyncedTable<keyof RotationFields>;

  private readonly queries: Queries;

  constructor(private readonly store: Store) {
    this.queries = new Queries(store.db);
    this.people = new SyncedTable(store, PEOPLE_SPEC);
    this.members = new SyncedTable(store, TEAM_ROLES_SPEC);
    this.contacts = new SyncedTable(store, CONTACTS_SPEC);
    this.rotations = new SyncedTable(store, ON_CALL_ROTATIONS_SPEC);
  }

  private all(sql: string, ...params: unknown[]): Row[] {
    return this.queries.all(sql, ...params);
  }

  listPeople(): Person[] {
    return this.all(`SELECT * FROM people WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id`).map(toPerson);
  }

  person(id: string): Person | undefined {
    const row = this.people.get(id);
    return row && !row.deleted ? toPerson(row) : undefined;
  }

  insertPerson(id: string, fields: PersonFields): void {
    this.people.insert(id, ORG_PARTITION, fields);
  }

  /** Members of an account, by role order then name. */
  listMembers(accountId: string): TeamMember[] {
    return this.all(
      `SELECT * FROM team_roles WHERE account_id = ? AND deleted = 0
       ORDER BY CASE role WHEN 'tam' THEN 0 WHEN 'csm' THEN 1 WHEN 'se' THEN 2 WHEN 'ae' THEN 3 ELSE 4 END, name COLLATE NOCASE, id`,
      accountId,
    ).map((r) => decodeRow<keyof TeamMemberFields, TeamMemberFields>(TEAM_ROLES, r));
  }

  member(id: string): TeamMember | undefined {
    const row = this.members.get(id);
    return row && !row.deleted ? decodeRow<keyof TeamMemberFields, TeamMemberFields>(TEAM_ROLES, row) : undefined;
  }

  /** Members of every account holding one role, for the lifecycle view's owners. */
  membersWithRole(role: string): TeamMember[] {
    return this.all(`SELECT * FROM team_roles WHERE role = ? AND deleted = 0 ORDER BY name COLLATE NOCASE, id`, role).map((r) =>
      decodeRow<keyof TeamMemberFields, TeamMemberFields>(TEAM_ROLES, r),
    );
  }

  listContacts(accountId: string): Contact[] {
    return this.all(`SELECT * FROM contacts WHERE account_id = ? AND deleted = 0 ORDER BY name COLLATE NOCASE, id`, accountId).map((r) =>
      decodeRow<keyof ContactFields, ContactFields>(CONTACTS, r),
    );
  }

  contact(id: string): Contact | undefined {
    const row = this.contacts.get(id);
    return row && !row.deleted ? decodeRow<keyof ContactFields, ContactFields>(CONTACTS, row) : undefined;
  }

  /** An account has one rotation, whose id is derived from the account's: two devices creating one make the same row. */
  static rotationId(accountId: string): string {
    return derivedId('on_call_rotation', accountId);
  }

  rotation(accountId: string): Rotation | null {
    const row = this.rotations.get(TeamRepo.rotationId(accountId));
    return row && !row.deleted ? decodeRow<keyof RotationFields, RotationFields>(ROTATIONS, row) : null;
  }

  /** Must run inside `store.write`: creates, updates or brings back the account's rotation. */
  saveRotation(accountId: string, fields: RotationFields): void {
    const id = TeamRepo.rotationId(accountId);
    const row = this.rotations.get(id);
    if (!row) {
      this.rotations.insert(id, accountId, fields);
      return;
    }
    if (row.deleted) this.rotations.setDeleted(id, false);
    this.rotations.update(id, fields);
  }
}
