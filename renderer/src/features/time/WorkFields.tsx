import { useEffect, useState } from 'react';
import { TIME_CATEGORIES } from '../../../../core/model';
import type { Sku, TimeEntry } from '../../../../core/model';
import { SelectField } from '../../ui/fields';
import { useApp, useTime } from '../../app/context';
import { categoryLabel } from './format';

export interface Work {
  accountId: string;
  category: TimeEntry['category'];
  sku: string | null;
}

/** The contract SKUs of an account on a date ([] while loading, without a contract, or without an account). */
export function useSkus(accountId: string, date: string): Sku[] {
  const { time } = useApp();
  const cached = useTime((s) => s.skus[`${accountId}|${date}`]);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!accountId || cached) return;
    time.getState().skusOf(accountId, date).then(
      () => setFailed(false),
      () => setFailed(true),
    );
  }, [time, accountId, date, cached]);
  return failed ? [] : (cached ?? []);
}

const NO_SKU = '';

/**
 * Account, category and SKU: what every piece of time is logged against. Choosing an account picks its
 * contract's first SKU, so billing defaults come from the contract without an extra step.
 */
export function WorkFields({
  value,
  onChange,
  date,
  errors = {},
  idPrefix,
}: {
  value: Work;
  onChange: (value: Work) => void;
  date: string;
  errors?: Record<string, string | undefined>;
  idPrefix: string;
}) {
  const accounts = useTime((s) => s.accounts);
  const skus = useSkus(value.accountId, date);
  const [autoSku, setAutoSku] = useState(value.sku === null);

  // A newly chosen account's contract SKUs arrive after the choice: take its first one by default.
  useEffect(() => {
    if (autoSku && value.sku === null && skus[0]) onChange({ ...value, sku: skus[0].code });
  }, [autoSku, skus, value, onChange]);

  return (
    <>
      <SelectField
        label="Account"
        name={`${idPrefix}-account`}
        value={value.accountId}
        error={errors['accountId']}
        onChange={(accountId) => {
          setAutoSku(true);
          onChange({ ...value, accountId, sku: null });
        }}
        options={[{ value: '', label: accounts.length ? 'Choose an account…' : 'No accounts yet' }, ...accounts.map((a) => ({ value: a.id, label: a.name }))]}
      />
      <SelectField
        label="Category"
        name={`${idPrefix}-category`}
        value={value.category}
        error={errors['category']}
        onChange={(category) => onChange({ ...value, category: category as Work['category'] })}
        options={TIME_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) }))}
      />
      <SelectField
        label="SKU"
        name={`${idPrefix}-sku`}
        value={value.sku ?? NO_SKU}
        error={errors['sku']}
        onChange={(sku) => {
          setAutoSku(false);
          onChange({ ...value, sku: sku === NO_SKU ? null : sku });
        }}
        options={[
          ...skus.map((s) => ({ value: s.code, label: `${s.code} · ${s.label}${s.billable ? '' : ' (not billable)'}` })),
          // A SKU no longer on the contract stays visible rather than silently changing.
          ...(value.sku !== null && !skus.some((s) => s.code === value.sku) ? [{ value: value.sku, label: value.sku }] : []),
          { value: NO_SKU, label: 'No SKU (not billable)' },
        ]}
      />
    </>
  );
}
