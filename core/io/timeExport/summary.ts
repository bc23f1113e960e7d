import { amountMinor } from '../../model';
import type { ExportEntry } from './entries';

/** One line of a summary: an account's time on one SKU at one rate, priced as an invoice line. */
export interface SummaryLine {
  accountId: string;
  accountName: string;
  sku: string | null;
  skuLabel: string;
  rate: number | null;
  currency: string | null;
  minutes: number;
  billableMinutes: number;
  /** rate × billable hours in minor units; null without a rate and currency. */
  amount: number | null;
}

export interface SummaryTotals {
  minutes: number;
  billableMinutes: number;
  /** Amounts per currency, in minor units: different currencies are never added up. */
  amounts: Array<{ currency: string; amount: number }>;
}

/** Adds entries up by account, SKU, rate and currency, as they stream past. */
export class SummaryBuilder {
  private readonly lines = new Map<string, Omit<SummaryLine, 'amount'>>();

  add(entry: ExportEntry): void {
    const key = JSON.stringify([entry.accountId, entry.sku, entry.rate, entry.currency]);
    let line = this.lines.get(key);
    if (!line) {
      line = {
        accountId: entry.accountId,
        accountName: entry.accountName,
        sku: entry.sku,
        skuLabel: entry.skuLabel,
        rate: entry.rate,
        currency: entry.currency,
        minutes: 0,
        billableMinutes: 0,
      };
      this.lines.set(key, line);
    }
    line.minutes += entry.minutes;
    if (entry.billable) line.billableMinutes += entry.minutes;
  }

  /** Lines by account name, then SKU (time without a SKU last). */
  result(): { lines: SummaryLine[]; totals: SummaryTotals } {
    const lines = [...this.lines.values()]
      .map((l) => ({ ...l, amount: l.rate !== null && l.currency !== null ? amountMinor(l.rate, l.billableMinutes) : null }))
      .sort(
        (a, b) =>
          a.accountName.localeCompare(b.accountName, 'en', { sensitivity: 'base' }) ||
          a.accountId.localeCompare(b.accountId) ||
          (a.sku === null ? 1 : 0) - (b.sku === null ? 1 : 0) ||
          (a.sku ?? '').localeCompare(b.sku ?? '') ||
          (a.rate ?? 0) - (b.rate ?? 0),
      );
    const amounts = new Map<string, number>();
    for (const l of lines) if (l.amount !== null && l.currency !== null) amounts.set(l.currency, (amounts.get(l.currency) ?? 0) + l.amount);
    return {
      lines,
      totals: {
        minutes: lines.reduce((sum, l) => sum + l.minutes, 0),
        billableMinutes: lines.reduce((sum, l) => sum + l.billableMinutes, 0),
        amounts: [...amounts].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount })),
      },
    };
  }
}
