import type { ContractFields, TimeEntryFields } from '../../core/model';

/** Valid field sets for records written straight through the synced write path (no service exists yet). */
export const CONTRACT: ContractFields = {
  tier: 'premier',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  includedHours: 40,
  hoursPeriod: 'month',
  skus: [],
  slaTargets: [],
  coverage: { kind: '24x7' },
  dedicatedStaff: [],
  notes: '',
};

export const TIME_ENTRY: TimeEntryFields = {
  userId: 'me',
  date: '2026-03-04',
  minutes: 90,
  startedAt: null,
  endedAt: null,
  timeZone: null,
  category: 'onsite',
  sku: null,
  billable: true,
  rate: null,
  currency: null,
  note: '',
  source: 'manual',
  status: 'draft',
  adjustsId: null,
};
