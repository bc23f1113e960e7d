import { useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { coverageRequirement, describeCoverageProblem, newId, rotationCoverage, weekSchedule, whoAnswers } from '../../../../core/model';
import type { Account, AccountTeam, FieldErrors, RotationCoverage, RotationFields, Shift, TeamMember } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useCatalog } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { labelOf } from '../catalog/store';
import { useNow } from '../sync/useNow';
import { WEEKDAY_LONG, WEEKDAY_SHORT, describeDays, inZone, zoneOptions } from './format';

const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7];

/** Ready-made shapes of a week, so a rotation starts from something sensible. */
const PRESETS: Record<string, { label: string; shifts: Array<Omit<Shift, 'id' | 'order'>> }> = {
  around: { label: 'One shift around the clock', shifts: [{ name: 'Around the clock', start: '00:00', end: '00:00', days: ALL_DAYS }] },
  sun: {
    label: 'Follow the sun (three 8-hour shifts)',
    shifts: [
      { name: 'APAC', start: '00:00', end: '08:00', days: ALL_DAYS },
      { name: 'EMEA', start: '08:00', end: '16:00', days: ALL_DAYS },
      { name: 'Americas', start: '16:00', end: '00:00', days: ALL_DAYS },
    ],
  },
  dayNight: {
    label: 'Day and night (two 12-hour shifts)',
    shifts: [
      { name: 'Day', start: '08:00', end: '20:00', days: ALL_DAYS },
      { name: 'Night', start: '20:00', end: '08:00', days: ALL_DAYS },
    ],
  },
};

function memberName(members: readonly TeamMember[], id: string | null): string {
  if (id === null) return 'Nobody';
  return members.find((m) => m.id === id)?.name ?? 'A former team member';
}

function nextMonday(): string {
  const d = new Date();
  d.setDate(d.getDate() + ((8 - (d.getDay() || 7)) % 7));
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function CoverageReport({ coverage, catalogLabel }: { coverage: RotationCoverage; catalogLabel: (kind: 'clearance' | 'residency', code: string) => string }) {
  const { requirement } = coverage;
  const needs = [requirement.clearance ? `holds ${catalogLabel('clearance', requirement.clearance)}` : null, requirement.region ? `works from ${catalogLabel('residency', requirement.region)}` : null].filter(Boolean).join(' and ');
  const problems = coverage.shifts.filter((s) => !s.covered);
  return (
    <div className="team-oncall-coverage">
      {coverage.covered ? (
        <p>
          <span className="badge badge--green">Covered</span> {needs ? `Every shift is answered by someone who ${needs}.` : 'Every shift has someone in its order.'}
        </p>
      ) : (
        <>
          <p>
            <span className="badge badge--red">Not covered</span> {needs ? `This account needs someone who ${needs} on every shift.` : 'A shift has nobody in its order.'}
          </p>
          <ul>
            {problems.map((s) => (
              <li key={s.shiftId}>
                <strong>{s.shiftName}:</strong>{' '}
                {s.slots.length === 0
                  ? 'nobody in the order.'
                  : s.slots
                      .filter((slot) => slot.problems.length > 0)
                      .map((slot) => `${slot.name ?? 'A former team member'} ${slot.problems.map((p) => describeCoverageProblem(p, catalogLabel)).join(' and ')}`)
                      .join('; ') + '.'}
              </li>
            ))}
          </ul>
        </>
      )}
      {coverage.gaps.length > 0 ? (
        <p className="muted">
          No shift covers:{' '}
          {coverage.gaps.map((g) => `${WEEKDAY_SHORT[g.day - 1]} ${g.start} → ${WEEKDAY_SHORT[g.endDay - 1]} ${g.end}`).join(', ')}.
        </p>
      ) : null}
    </div>
  );
}

function RotationSummary({ account, data, rotation }: { account: Account; data: AccountTeam; rotation: RotationFields }) {
  const catalog = useCatalog((s) => s.entries);
  const now = useNow(60_000);
  const answer = whoAnswers(rotation, new Date(now));
  const thisWeek = weekSchedule(rotation, new Date(now));
  const nextWeek = weekSchedule(rotation, new Date(thisWeek.until));
  const members = useMemo(() => new Map(data.members.map((m) => [m.id, { name: m.name, person: data.people[m.id] ?? null }])), [data]);
  const coverage = rotationCoverage(rotation, coverageRequirement(account), (id) => members.get(id) ?? null);
  const zone = rotation.timeZone;

  return (
    <>
      <p className="team-oncall-now" aria-live="polite">
        {answer.status === 'on_call' ? (
          <>
            <strong>On call now: {memberName(data.members, answer.memberId)}</strong> ({answer.shiftName}, until {inZone(answer.until, zone)} {zone.replaceAll('_', ' ')})
          </>
        ) : answer.status === 'unstaffed' ? (
          <strong>Nobody is on call now: the {answer.shiftName} shift has nobody in its order.</strong>
        ) : answer.status === 'no_shift' ? (
          <strong>No shift is running now.</strong>
        ) : (
          <strong>The rotation starts {inZone(answer.startsAt, zone, true)}.</strong>
        )}
      </p>
      <div className="sync-table-wrap">
        <table className="sync-table team-table">
          <caption className="team-oncall-caption">
            Week {thisWeek.week + 1}: {inZone(thisWeek.from, zone, true)} – {inZone(thisWeek.until, zone, true)} ({zone.replaceAll('_', ' ')})
          </caption>
          <thead>
            <tr>
              <th scope="col">Shift</th>
              <th scope="col">Hours</th>
              <th scope="col">This week</th>
              <th scope="col">Next week</th>
            </tr>
          </thead>
          <tbody>
            {thisWeek.shifts.map((s, i) => (
              <tr key={s.shiftId}>
                <th scope="row">{s.shiftName}</th>
                <td>
                  {describeDays(s.days)}, {s.start}–{s.end}
                </td>
                <td>{memberName(data.members, s.memberId)}</td>
                <td>{memberName(data.members, nextWeek.shifts[i]?.memberId ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CoverageReport coverage={coverage} catalogLabel={(kind, code) => labelOf(catalog, kind, code)} />
    </>
  );
}

interface DraftShift extends Shift {
  /** The member chosen in the "add to order" select. */
  pick: string;
}

function RotationEditor({ account, data, onClose }: { account: Account; data: AccountTeam; onClose: () => void }) {
  const { team, toasts } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const baseId = useId();
  const initial = data.rotation;
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [startsOn, setStartsOn] = useState(initial?.startsOn ?? nextMonday());
  const [handoffDay, setHandoffDay] = useState(String(initial?.handoffDay ?? 1));
  const [handoffTime, setHandoffTime] = useState(initial?.handoffTime ?? '09:00');
  const firstMember = data.members[0]?.id ?? '';
  const [shifts, setShifts] = useState<DraftShift[]>(() =>
    (initial?.shifts ?? PRESETS['around']?.shifts.map((s) => ({ ...s, id: newId(), order: [] })) ?? []).map((s) => ({ ...s, pick: firstMember })),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => zoneOptions(timeZone), [timeZone]);

  const update = (index: number, patch: Partial<DraftShift>) => setShifts((list) => list.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const applyPreset = (key: string) => {
    const preset = PRESETS[key];
    if (preset) setShifts(preset.shifts.map((s) => ({ ...s, id: newId(), order: [], pick: firstMember })));
  };
  const moveInOrder = (index: number, at: number, by: number) => {
    const order = [...(shifts[index]?.order ?? [])];
    const [item] = order.splice(at, 1);
    if (item === undefined) return;
    order.splice(Math.max(0, Math.min(order.length, at + by)), 0, item);
    update(index, { order });
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setErrors({});
    setFormError(null);
    try {
      await team.getState().saveRotation({
        accountId: account.id,
        fields: { timeZone, startsOn, handoffDay: Number(handoffDay), handoffTime, shifts: shifts.map(({ pick: _pick, ...s }) => s) },
      });
      toasts.getState().show({ message: 'On-call rotation saved.' });
      onClose();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!['timeZone', 'startsOn', 'handoffDay', 'handoffTime', 'shifts'].some((k) => k in fields)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} className="form team-oncall-editor" noValidate aria-label="Edit the on-call rotation" onSubmit={(e) => void submit(e)}>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <SelectField label="Time zone" name="timeZone" value={timeZone} onChange={setTimeZone} options={zones} error={errors['timeZone']} hint="Shift times and the hand-off are in this zone." />
        <TextField label="Starts on (YYYY-MM-DD)" name="startsOn" value={startsOn} onChange={setStartsOn} error={errors['startsOn']} hint="The rotation starts at the first hand-off on or after this date." />
        <SelectField label="Weekly hand-off day" name="handoffDay" value={handoffDay} onChange={setHandoffDay} options={WEEKDAY_LONG.map((d, i) => ({ value: String(i + 1), label: d }))} error={errors['handoffDay']} />
        <TextField label="Hand-off time (HH:MM)" name="handoffTime" value={handoffTime} onChange={setHandoffTime} error={errors['handoffTime']} />
      </div>
      <div className="team-oncall-presets">
        <span className="field__label">Start from</span>
        {Object.entries(PRESETS).map(([key, p]) => (
          <button key={key} type="button" className="button" onClick={() => applyPreset(key)}>
            {p.label}
          </button>
        ))}
      </div>
      {shifts.map((shift, index) => (
        <fieldset key={shift.id} className="team-oncall-shift">
          <legend>{shift.name || `Shift ${index + 1}`}</legend>
          <div className="form__grid">
            <TextField label="Shift name" name={`shift-${index}-name`} value={shift.name} onChange={(name) => update(index, { name })} />
            <TextField label="Starts (HH:MM)" name={`shift-${index}-start`} value={shift.start} onChange={(start) => update(index, { start })} />
            <TextField label="Ends (HH:MM)" name={`shift-${index}-end`} value={shift.end} onChange={(end) => update(index, { end })} hint="An end not after the start runs into the next day." />
          </div>
          <div className="team-oncall-days" role="group" aria-label={`Days ${shift.name || `shift ${index + 1}`} starts on`}>
            {ALL_DAYS.map((d) => (
              <label key={d} className="lifecycle-check">
                <input
                  type="checkbox"
                  checked={shift.days.includes(d)}
                  onChange={() => update(index, { days: shift.days.includes(d) ? shift.days.filter((x) => x !== d) : [...shift.days, d].sort((a, b) => a - b) })}
                />
                <span>{WEEKDAY_SHORT[d - 1]}</span>
              </label>
            ))}
          </div>
          <div>
            <p className="field__label" id={`${baseId}-order-${index}`}>
              Weekly order (week 1, week 2, …)
            </p>
            {shift.order.length === 0 ? (
              <p className="muted">Nobody yet: add team members in the order they take the shift.</p>
            ) : (
              <ol className="team-oncall-order" aria-labelledby={`${baseId}-order-${index}`}>
                {shift.order.map((memberId, at) => {
                  const name = memberName(data.members, memberId);
                  return (
                    <li key={`${memberId}-${at}`}>
                      <span>{name}</span>
                      <button type="button" className="button button--quiet" aria-label={`Move ${name} earlier`} disabled={at === 0} onClick={() => moveInOrder(index, at, -1)}>
                        ↑
                      </button>
                      <button type="button" className="button button--quiet" aria-label={`Move ${name} later`} disabled={at === shift.order.length - 1} onClick={() => moveInOrder(index, at, 1)}>
                        ↓
                      </button>
                      <button type="button" className="button button--quiet" aria-label={`Take ${name} out of ${shift.name}`} onClick={() => update(index, { order: shift.order.filter((_, i) => i !== at) })}>
                        Remove
                      </button>
                    </li>
                  );
                })}
              </ol>
            )}
            {data.members.length === 0 ? (
              <p className="muted">Add people to the team above first.</p>
            ) : (
              <div className="team-oncall-add">
                <SelectField
                  label={`Add to ${shift.name || `shift ${index + 1}`}`}
                  name={`shift-${index}-pick`}
                  value={shift.pick}
                  onChange={(pick) => update(index, { pick })}
                  options={data.members.map((m) => ({ value: m.id, label: m.name }))}
                />
                <button type="button" className="button" disabled={!shift.pick} onClick={() => update(index, { order: [...shift.order, shift.pick] })}>
                  Add to order
                </button>
              </div>
            )}
          </div>
          {shifts.length > 1 ? (
            <div>
              <button type="button" className="button button--quiet" onClick={() => setShifts((list) => list.filter((_, i) => i !== index))}>
                Remove this shift
              </button>
            </div>
          ) : null}
        </fieldset>
      ))}
      {errors['shifts'] ? <p className="field__error">{errors['shifts']}</p> : null}
      <div className="form__actions">
        <button type="button" className="button" onClick={() => setShifts((list) => [...list, { id: newId(), name: `Shift ${list.length + 1}`, start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5], order: [], pick: firstMember }])}>
          Add a shift
        </button>
        <button type="submit" className="button button--primary" disabled={saving}>
          Save rotation
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Who answers this week, per shift, and whether every shift is covered: for premier and dedicated accounts. */
export function OnCallSection({ account, data }: { account: Account; data: AccountTeam }) {
  const { team, toasts } = useApp();
  const [editing, setEditing] = useState(false);
  if (!data.rotationApplies) {
    return (
      <section className="panel" aria-labelledby="team-oncall">
        <h2 id="team-oncall">On-call rotation</h2>
        <p className="muted">On-call rotations are for Premier and Dedicated accounts. Change the support tier to set one up.</p>
      </section>
    );
  }
  const remove = async () => {
    const previous = data.rotation;
    try {
      await team.getState().deleteRotation(account.id);
      if (!previous) return;
      const { timeZone, startsOn, handoffDay, handoffTime, shifts } = previous;
      toasts.getState().show({
        message: 'On-call rotation deleted.',
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            await team.getState().saveRotation({ accountId: account.id, fields: { timeZone, startsOn, handoffDay, handoffTime, shifts } });
          },
        },
      });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    }
  };
  return (
    <section className="panel" aria-labelledby="team-oncall">
      <h2 id="team-oncall">On-call rotation</h2>
      {editing ? (
        <RotationEditor account={account} data={data} onClose={() => setEditing(false)} />
      ) : data.rotation ? (
        <>
          <RotationSummary account={account} data={data} rotation={data.rotation} />
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit rotation
            </button>
            <button type="button" className="button button--danger" onClick={() => void remove()}>
              Delete rotation
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">No rotation yet. Set one up to see who answers this week, per shift, and whether every shift is covered.</p>
          <div>
            <button type="button" className="button button--primary" onClick={() => setEditing(true)}>
              Set up the rotation
            </button>
          </div>
        </>
      )}
    </section>
  );
}
