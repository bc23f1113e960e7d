import { afterEach, describe, expect, it } from 'vitest';
import { contractFieldsSchema, newId } from '../../core/model';
import type { ContractFields } from '../../core/model';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { testCore } from './helpers';

const fields: ContractFields = {
  tier: 'premier',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  includedHours: 40,
  hoursPeriod: 'month',
  skus: [{ code: 'TAM-ONSITE', label: 'Onsite TAM day', rate: 18_000, currency: 'EUR', billable: true }],
  slaTargets: [{ severity: 1, firstResponseMinutes: 15, engageMinutes: { developer: 15, incident_manager: 15 }, updateCadenceMinutes: 60 }],
  coverage: { kind: '24x7' },
  dedicatedStaff: ['Ana Ruiz'],
  notes: '',
};

describe('contracts in the store', () => {
  let close: () => void = () => {};
  afterEach(() => close());

  it('stores arrays and objects as JSON but sends the model values to the outbox, so the server validates real shapes', async () => {
    const t = await testCore();
    close = t.close;
    const account = await t.call('accounts.create', { name: 'Contoso' });
    const repo = new ContractsRepo(t.core.store);
    const id = newId();
    t.core.store.write(() => repo.insert(id, account.id, fields));

    expect(repo.get(id)).toMatchObject({ ...fields, id, accountId: account.id });
    expect(repo.activeOn(account.id, '2026-06-15')?.id).toBe(id);
    expect(repo.activeOn(account.id, '2027-01-01')).toBeUndefined();

    const row = t.core.store.db.prepare<[string], { fields: string }>("SELECT fields FROM outbox WHERE tbl = 'contracts' AND row_id = ?").get(id);
    const sent = JSON.parse(row?.fields ?? '{}') as Record<string, { value: unknown }>;
    const values = Object.fromEntries(Object.entries(sent).filter(([k]) => k !== 'deleted').map(([k, v]) => [k, v.value]));
    expect(contractFieldsSchema.parse(values)).toEqual(fields);

    // An update that changes nothing (the same array again) records no change.
    const changed = t.core.store.write(() => repo.table.update(id, { skus: fields.skus, includedHours: 60 }));
    expect(changed).toEqual(['includedHours']);
  });
});
