import { useId, useState } from 'react';
import type { Coverage } from '../../../../core/model';
import { SelectField } from '../../ui/fields';
import { CheckboxGroup, InputField } from './fields';

const DAY_OPTIONS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((label, i) => ({ value: String(i + 1), label }));
const KIND_OPTIONS = [
  { value: '24x7', label: '24×7' },
  { value: 'business_hours', label: 'Business hours' },
];

let zoneList: string[] | null = null;
/** Every IANA zone this browser knows, for the time zone field's suggestions; read once. */
function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  zoneList ??= intl.supportedValuesOf?.('timeZone') ?? [];
  return zoneList;
}

export const DEFAULT_BUSINESS_HOURS: Extract<Coverage, { kind: 'business_hours' }> = {
  kind: 'business_hours',
  timeZone: 'UTC',
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '17:00',
  holidays: [],
};

/**
 * When SLA clocks run: 24×7, or business hours in a time zone with working days and holidays. Errors come keyed
 * by their path under `coverage.` (coverage.timeZone, coverage.holidays.2, …) and show next to their control.
 */
export function CoverageEditor({ value, onChange, errors }: { value: Coverage; onChange: (value: Coverage) => void; errors: Record<string, string> }) {
  const [holiday, setHoliday] = useState('');
  const [holidayError, setHolidayError] = useState<string | null>(null);
  const zonesId = useId();
  // The ~400 zone suggestions are only put in the page once someone is in the time zone field.
  const [suggest, setSuggest] = useState(false);
  const business = value.kind === 'business_hours' ? value : null;
  const setKind = (kind: string) => onChange(kind === '24x7' ? { kind: '24x7' } : DEFAULT_BUSINESS_HOURS);
  const patch = (p: Partial<Extract<Coverage, { kind: 'business_hours' }>>) => business && onChange({ ...business, ...p });

  const addHoliday = () => {
    if (!business) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(holiday)) {
      setHolidayError('Choose a date to add.');
      return;
    }
    if (business.holidays.includes(holiday)) {
      setHolidayError(`${holiday} is already a holiday.`);
      return;
    }
    setHolidayError(null);
    patch({ holidays: [...business.holidays, holiday].sort() });
    setHoliday('');
  };

  return (
    <fieldset className="sla-coverage">
      <legend className="field__label">Coverage</legend>
      <SelectField label="SLA clocks run" name="coverageKind" value={value.kind} onChange={setKind} options={KIND_OPTIONS} />
      {business ? (
        <>
          <div className="form__grid">
            <InputField
              label="Time zone"
              name="timeZone"
              type="text"
              list={zonesId}
              value={business.timeZone}
              onChange={(timeZone) => patch({ timeZone })}
              onFocus={() => setSuggest(true)}
              error={errors['coverage.timeZone']}
              hint="An IANA name, like Europe/Berlin"
            />
            <InputField label="Opens at" name="start" type="time" value={business.start} onChange={(start) => patch({ start })} error={errors['coverage.start']} />
            <InputField label="Closes at" name="end" type="time" value={business.end} onChange={(end) => patch({ end })} error={errors['coverage.end']} />
          </div>
          {suggest ? (
            <datalist id={zonesId}>
              {knownZones().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          ) : null}
          <CheckboxGroup
            label="Working days"
            name="days"
            options={DAY_OPTIONS}
            value={business.days.map(String)}
            onChange={(days) => patch({ days: days.map(Number).sort((a, b) => a - b) })}
            error={errors['coverage.days']}
          />
          <div className="sla-holidays">
            <h4 className="sla-holidays__title">Holidays</h4>
            {business.holidays.length === 0 ? <p className="muted">No holidays: clocks run on every working day.</p> : null}
            <ul className="sla-holidays__list">
              {business.holidays.map((h, i) => (
                <li key={h}>
                  <span>{h}</span>
                  <button type="button" className="button button--quiet" aria-label={`Remove holiday ${h}`} onClick={() => patch({ holidays: business.holidays.filter((x) => x !== h) })}>
                    Remove
                  </button>
                  {errors[`coverage.holidays.${i}`] ? <span className="field__error">{errors[`coverage.holidays.${i}`]}</span> : null}
                </li>
              ))}
            </ul>
            <div className="sla-holidays__add">
              <InputField label="Add a holiday" name="holiday" type="date" value={holiday} onChange={setHoliday} error={holidayError ?? undefined} />
              <button type="button" className="button" onClick={addHoliday}>
                Add holiday
              </button>
            </div>
          </div>
        </>
      ) : null}
    </fieldset>
  );
}
