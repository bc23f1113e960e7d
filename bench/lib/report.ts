/**
 * How every benchmark reports: one human line per figure, plus a machine line (`##bench {json}`) that
 * `npm run bench` collects into one table. A figure always comes with the baseline measured in the same run.
 */
export interface BenchFigure {
  /** What was measured, e.g. "week timesheet query p99". */
  name: string;
  value: number;
  unit: string;
  /** The same work done the simplest way the hardware allows, measured in the same run. */
  baseline?: { name: string; value: number; unit: string };
  /** How many times slower than the baseline (for rates: baseline/value; for times: value/baseline). */
  ratio?: number;
  /** The target, as text, e.g. "< 5 ms". */
  target?: string;
  met?: boolean;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(n >= 10 ? 1 : 2));

export function report(figure: BenchFigure): void {
  const base = figure.baseline ? `  baseline ${figure.baseline.name}: ${fmt(figure.baseline.value)} ${figure.baseline.unit}` : '';
  const ratio = figure.ratio !== undefined ? `  ratio ${figure.ratio.toFixed(2)}x` : '';
  const target = figure.target ? `  target ${figure.target} ${figure.met ? 'met' : 'MISSED'}` : '';
  process.stdout.write(`${figure.name}: ${fmt(figure.value)} ${figure.unit}${base}${ratio}${target}\n`);
  process.stdout.write(`##bench ${JSON.stringify(figure)}\n`);
}

/** Percentile of a sample (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const perSecond = (count: number, ms: number): number => (count / ms) * 1000;
