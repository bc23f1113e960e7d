import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { TEAM_ROLE_LABELS } from '../../../../core/model';
import type { Account, AccountTeam, Contact, FieldErrors, TeamMember, TeamRole } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog, useTeam } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import type { Option } from '../../ui/fields';
import { labelOf } from '../catalog/store';
import { TEAM_ROLE_OPTIONS } from './format';
import { OnCallSection } from './OnCall';
import { useJumpTarget } from '../../ui/useJumpTarget';

/** The person select's value for "someone not in the directory". */
const SOMEONE_ELSE = '';
const ME = 'me';

/** A form's failure: field errors next to their fields, anything else in an alert above. */
function useFormErrors(known: readonly string[]) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const report = (error: unknown, form: HTMLFormElement | null) => {
    const fields = error instanceof ApiError ? error.fields : {};
    setErrors(fields);
    setFormError(known.some((k) => k in fields) ? null : errorMessage(error));
    requestAnimationFrame(() => focusFirstInvalid(form));
  };
  const clear = () => {
    setErrors({});
    setFormError(null);
  };
  return { errors, formError, report, clear };
}

function FormAlert({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="form__error">
      {message}
    </p>
  ) : null;
}

function AddMemberForm({ accountId }: { accountId: string }) {
  const { team, toasts } = useApp();
  const directory = useTeam((s) => s.directory);
  const formRef = useRef<HTMLFormElement>(null);
  const [role, setRole] = useState<string>('tam');
  const [person, setPerson] = useState<string>(SOMEONE_ELSE);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [saving, setSaving] = useState(false);
  const { errors, formError, report, clear } = useFormErrors(['role', 'name', 'email', 'personId']);
  const people: Option[] = useMemo(
    () => [
      ...directory.map((p) => ({ value: p.id ?? ME, label: `${p.name}${p.isMe ? ' (me)' : ''} — ${p.email}` })),
      { value: SOMEONE_ELSE, label: 'Someone not in the directory…' },
    ],
    [directory],
  );

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    clear();
    try {
      const who = person === ME ? { me: true } : person === SOMEONE_ELSE ? { name, ...(email.trim() ? { email: email.trim() } : {}) } : { personId: person };
      const member = await team.getState().addMember({ accountId, role: role as TeamRole, ...who });
      toasts.getState().show({ message: `${member.name} added as ${TEAM_ROLE_LABELS[member.role]}.` });
      setName('');
      setEmail('');
    } catch (error) {
      report(error, formRef.current);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} className="form team-form" noValidate aria-label="Add to the team" onSubmit={(e) => void submit(e)}>
      <h3>Add to the team</h3>
      <FormAlert message={formError} />
      <div className="form__grid">
        <SelectField label="Role" name="role" value={role} onChange={setRole} options={TEAM_ROLE_OPTIONS} error={errors['role']} />
        <SelectField label="Person" name="person" value={person} onChange={setPerson} options={people} error={errors['personId']} />
        {person === SOMEONE_ELSE ? (
          <>
            <TextField label="Name" name="name" value={name} onChange={setName} error={errors['name']} required />
            <TextField label="Email" name="email" type="email" value={email} onChange={setEmail} error={errors['email']} hint="Optional; links the person once the directory knows them." />
          </>
        ) : null}
      </div>
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          Add to team
        </button>
      </div>
    </form>
  );
}

function MembersTable({ data }: { data: AccountTeam }) {
  const { team, toasts } = useApp();
  const catalog = useCatalog((s) => s.entries);
  const remove = async (member: TeamMember) => {
    try {
      await team.getState().removeMember(member.id, member.accountId);
      toasts.getState().show({
        message: `Removed ${member.name} (${TEAM_ROLE_LABELS[member.role]}).`,
        focus: true,
        action: { label: 'Undo', run: () => team.getState().restoreMember(member.id, member.accountId) },
      });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    }
  };
  if (data.members.length === 0) {
    return <p className="muted">Nobody holds a role on this account yet. Add its TAM, CSM, SE, AE and escalation engineers below.</p>;
  }
  return (
    <div className="sync-table-wrap">
      <table className="sync-table team-table">
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">Works from</th>
            <th scope="col">Clearances</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data.members.map((m) => {
            const person = data.people[m.id];
            return (
              <tr key={m.id}>
                <td>{TEAM_ROLE_LABELS[m.role]}</td>
                <th scope="row">
                  <span className="sync-table__record">
                    {m.name}
                    {person?.isMe ? (
                      <>
                        {' '}
                        <span className="muted">(me)</span>
                      </>
                    ) : null}
                  </span>
                  {m.email ? <span className="muted sync-table__kind">{m.email}</span> : null}
                </th>
                <td>
                  {person ? (
                    <>
                      {labelOf(catalog, 'residency', person.homeRegion)}
                      <span className="muted sync-table__kind">{person.timeZone.replaceAll('_', ' ')}</span>
                    </>
                  ) : (
                    <span className="muted">Not in the directory</span>
                  )}
                </td>
                <td>{person ? (person.clearances.length ? person.clearances.map((c) => labelOf(catalog, 'clearance', c)).join(', ') : 'None') : <span className="muted">Unknown</span>}</td>
                <td>
                  <button type="button" className="button button--quiet" aria-label={`Remove ${m.name} as ${TEAM_ROLE_LABELS[m.role]}`} onClick={() => void remove(m)}>
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY_CONTACT = { name: '', title: '', email: '', phone: '', notes: '' };

function AddContactForm({ accountId }: { accountId: string }) {
  const { team, toasts } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState(EMPTY_CONTACT);
  const [saving, setSaving] = useState(false);
  const { errors, formError, report, clear } = useFormErrors(Object.keys(EMPTY_CONTACT));
  const set = (key: keyof typeof EMPTY_CONTACT) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    clear();
    try {
      const contact = await team.getState().createContact({ accountId, ...draft });
      toasts.getState().show({ message: `Added ${contact.name}.` });
      setDraft(EMPTY_CONTACT);
    } catch (error) {
      report(error, formRef.current);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} className="form team-form" noValidate aria-label="Add a contact" onSubmit={(e) => void submit(e)}>
      <h3>Add a contact</h3>
      <FormAlert message={formError} />
      <div className="form__grid">
        <TextField label="Name" name="name" value={draft.name} onChange={set('name')} error={errors['name']} required />
        <TextField label="Title" name="title" value={draft.title} onChange={set('title')} error={errors['title']} />
        <TextField label="Email" name="email" type="email" value={draft.email} onChange={set('email')} error={errors['email']} />
        <TextField label="Phone" name="phone" value={draft.phone} onChange={set('phone')} error={errors['phone']} />
      </div>
      <TextField label="Notes" name="notes" value={draft.notes} onChange={set('notes')} error={errors['notes']} multiline />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          Add contact
        </button>
      </div>
    </form>
  );
}

function ContactsTable({ contacts }: { contacts: Contact[] }) {
  const { team, toasts } = useApp();
  const remove = async (contact: Contact) => {
    try {
      await team.getState().deleteContact(contact.id, contact.accountId);
      toasts.getState().show({
        message: `Deleted ${contact.name}.`,
        focus: true,
        action: { label: 'Undo', run: () => team.getState().restoreContact(contact.id, contact.accountId) },
      });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    }
  };
  if (contacts.length === 0) return <p className="muted">No customer contacts yet. Add the people you work with at the customer below.</p>;
  return (
    <div className="sync-table-wrap">
      <table className="sync-table team-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Phone</th>
            <th scope="col">Notes</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {contacts.map((c) => (
            <tr key={c.id} data-record-id={c.id} tabIndex={-1}>
              <th scope="row">
                <span className="sync-table__record">{c.name}</span>
                {c.title ? <span className="muted sync-table__kind">{c.title}</span> : null}
              </th>
              <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : <span className="muted">—</span>}</td>
              <td>{c.phone || <span className="muted">—</span>}</td>
              <td className="notes">{c.notes || <span className="muted">—</span>}</td>
              <td>
                <button type="button" className="button button--quiet" aria-label={`Delete ${c.name}`} onClick={() => void remove(c)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The account's Team tab: who's who at the vendor and at the customer, and who answers on call. */
export function TeamPanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { team } = useApp();
  // A contact opened from search: its row is brought into view and focused.
  const panelRef = useRef<HTMLDivElement>(null);
  useJumpTarget(focus, panelRef);
  useEffect(() => team.getState().track(account.id), [team, account.id]);
  useEffect(() => {
    void team.getState().loadDirectory();
  }, [team]);
  const slot = useTeam((s) => s.byAccount[account.id]);

  if (!slot?.data) {
    return slot?.error ? (
      <p role="alert" className="form__error">
        {slot.error}
      </p>
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  const data = slot.data;
  return (
    <div className="team-panel" ref={panelRef}>
      <section className="panel" aria-labelledby="team-vendor">
        <h2 id="team-vendor">Our team</h2>
        <MembersTable data={data} />
        <AddMemberForm accountId={account.id} />
      </section>
      <section className="panel" aria-labelledby="team-contacts">
        <h2 id="team-contacts">Customer contacts</h2>
        <ContactsTable contacts={data.contacts} />
        <AddContactForm accountId={account.id} />
      </section>
      <OnCallSection account={account} data={data} />
    </div>
  );
}
