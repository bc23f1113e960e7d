/**
 * Rounding of time for exports and reports (issue 4 §3): never applied to stored time. Each entry is rounded
 * up to the next step on its own, the way professional services bill ("6-minute increments"), so the
 * rounded time never undercounts the recorded time and a total is the sum of its rounded entries.
 */
export const TIME_ROUNDINGS = ['none', '6', '15'] as const;
export type TimeRounding = (typeof TIME_ROUNDINGS)[number];

export const TIME_ROUNDING_LABELS: Record<TimeRounding, string> = {
  none: 'No rounding',
  '6': 'Up to 6 minutes (0.1 h)',
  '15': 'Up to 15 minutes (0.25 h)',
};

/** The step in minutes; 1 for no rounding, since stored time is whole minutes. */
export function roundingStep(rounding: TimeRounding): number {
  return rounding === 'none' ? 1 : Number(rounding);
}

/** Rounds one entry's minutes up to the next multiple of the step; zero stays zero. */
export function roundExportMinutes(minutes: number, rounding: TimeRounding): number {
  const step = roundingStep(rounding);
  return Math.ceil(minutes / step) * step;
}

/** `90` → `1:30`; hours are not capped at 24, so totals read naturally (`125:05`). */
export function formatHm(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(minutes);
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

/** Hours with two decimals, as billing systems take them (exact for 6- and 15-minute rounding). */
export function exportDecimalHours(minutes: number): number {
  return Math.round((minutes / 60) * 100) / 100;
}

/**
 * The amount for `minutes` at `rate` (minor units of the currency per hour), in minor units, rounded half up.
 * Summaries price the total time of a SKU at its rate, as an invoice line does.
 */
export function amountMinor(rate: number, minutes: number): number {
  return Math.round((rate * minutes) / 60);
}

const decimalsByCurrency = new Map<string, number>();

/** How many decimals a currency's minor unit has (EUR 2, JPY 0), from the runtime's ICU data; remembered, as exports ask per row. */
export function currencyDecimals(currency: string): number {
  let decimals = decimalsByCurrency.get(currency);
  if (decimals === undefined) {
    try {
      decimals = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      decimals = 2;
    }
    decimalsByCurrency.set(currency, decimals);
  }
  return decimals;
}

/** Minor units → major units as a number (18000 EUR cents → 180). */
export function majorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyDecimals(currency);
}

/** `18000, 'EUR'` → `€180.00`. */
export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(majorUnits(minor, currency));
  } catch {
    return `${majorUnits(minor, currency).toFixed(2)} ${currency}`;
  }
}
