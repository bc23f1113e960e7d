import { z } from 'zod';
import type { AdoptionStatus } from './adoption';
import type { Severity } from './contract';
import type { LifecycleStage } from './enums';
import { idSchema } from './ids';
import { ISO_WEEK, isIsoWeek } from './isoWeek';
import type { CoverageProblem } from './rotation';
import type { RankedAsk } from './reviews';
import { isoDateSchema } from './team';

/**
 * The metrics reports (docs/METRICS.md): what a weekly review looks at, for a period and a set of accounts. The
 * figures are computed in core/reports; these are their shapes and the query the API validates.
 */

/** The longest period one report covers; a wider one would be slow and unreadable. */
export const REPORT_MAX_DAYS = 366;
/** Drill-down lists stop here; the count beside them is always the full one. */
export const REPORT_LIST_LIMIT = 200;

const filterCode = z.string().trim().min(1).max(64).optional();

export const reportQuerySchema = z
  .object({
    /** First day of the period (UTC calendar date, included). */
    from: isoDateSchema,
    /** Last day of the period (included). */
    to: isoDateSchema,
    tier: filterCode,
    segment: filterCode,
    /** The account's residency code. */
    region: filterCode,
    /** A person on the account team, by name or email (case does not matter). */
    owner: z.string().trim().min(1).max(200).optional(),
    accountId: idSchema.optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'The period must end on or after the day it starts.' });
    else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 > REPORT_MAX_DAYS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `A report covers at most ${REPORT_MAX_DAYS} days.` });
  });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

export const weeklyPackSchema = z
  .object({
    week: z.string().regex(ISO_WEEK, { error: 'Weeks are written like 2026-W48.' }).refine(isIsoWeek, { error: 'That week does not exist.' }),
    tier: filterCode,
    segment: filterCode,
    region: filterCode,
    owner: z.string().trim().min(1).max(200).optional(),
    accountId: idSchema.optional(),
  })
  .strict();
export type WeeklyPackQuery = z.infer<typeof weeklyPackSchema>;

/** A record a figure is made of, for drill-down: the account page's tab that shows it, and the record to focus. */
export interface ReportRef {
  accountId: string;
  accountName: string;
  tab: 'overview' | 'incidents' | 'contracts' | 'lifecycle' | 'adoption' | 'reviews' | 'actions' | 'team';
  id: string | null;
  label: string;
}

export interface SlaAttainmentRow {
  tier: string;
  severity: Severity;
  /** 'first_response', 'engage:developer', 'update' (slaClock keys). */
  target: string;
  label: string;
  met: number;
  breached: number;
  /** Still running at the end of the period: neither met nor breached yet, left out of the attainment. */
  pending: number;
  /** met / (met + breached), 0–1; null when nothing was decided. */
  attainment: number | null;
}

export interface SlaBreach {
  incidentId: string;
  accountId: string;
  accountName: string;
  tier: string;
  severity: Severity;
  summary: string;
  openedAt: string;
  target: string;
  label: string;
  targetMinutes: number;
  /** How far over the target the clock was at the end of the period (or when it stopped). */
  overMs: number;
}

export interface SlaFigure {
  incidents: number;
  /** Incidents opened without a contract in force: no targets to attain. */
  withoutContract: number;
  rows: SlaAttainmentRow[];
  /** Overall met / (met + breached) across every row; null when nothing was decided. */
  attainment: number | null;
  breaches: SlaBreach[];
  breachCount: number;
}

export interface MttrWeek {
  week: string;
  resolved: number;
  meanMs: number | null;
  medianMs: number | null;
}

export interface MttrFigure {
  resolved: number;
  meanMs: number | null;
  medianMs: number | null;
  weeks: MttrWeek[];
  /** The incidents resolved in the period, longest first. */
  items: Array<ReportRef & { severity: Severity; durationMs: number }>;
}

export const AGE_BUCKETS = ['under_1d', '1_7d', '7_30d', 'over_30d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const AGE_BUCKET_LABELS: Record<AgeBucket, string> = {
  under_1d: 'Under a day',
  '1_7d': '1–7 days',
  '7_30d': '7–30 days',
  over_30d: 'Over 30 days',
};

export interface BacklogFigure {
  asOf: string;
  openIncidents: number;
  openActions: number;
  /** Action items past their due date at the end of the period. */
  overdueActions: number;
  buckets: Array<{ bucket: AgeBucket; incidents: number; actions: number }>;
  incidents: Array<ReportRef & { severity: Severity; openedAt: string; bucket: AgeBucket }>;
  actions: Array<ReportRef & { owner: string; due: string | null; overdue: boolean; bucket: AgeBucket }>;
}

export interface AdoptionFigure {
  capabilities: Array<{ code: string; name: string }>;
  accounts: Array<{
    accountId: string;
    accountName: string;
    /** At the end of the period. */
    score: number | null;
    /** Score at the start of the period. */
    startScore: number | null;
    statuses: Record<string, AdoptionStatus>;
  }>;
  /** Mean score across the accounts at the end of each ISO week of the period. */
  trend: Array<{ week: string; end: string; meanScore: number | null }>;
}

export interface BurnDay {
  date: string;
  /** Included minutes left at the end of the day; negative once over. */
  remainingMinutes: number;
}

export interface ContractBurn {
  accountId: string;
  accountName: string;
  contractId: string;
  tier: string;
  periodStart: string;
  periodEnd: string;
  includedMinutes: number;
  usedMinutes: number;
  percentUsed: number | null;
  level: 'ok' | 'warning' | 'exhausted';
  exhaustionDate: string | null;
  exhausted: boolean;
  burnMinutesPerDay: number;
  /** One point per day from the period start to the report's end (or the period's end, if earlier). */
  days: BurnDay[];
}

export interface UtilisationRow {
  userId: string;
  name: string;
  team: string;
  billableMinutes: number;
  nonBillableMinutes: number;
  capacityMinutes: number;
  /** billable / capacity, 0–1+. */
  utilisation: number;
}

export interface HoursFigure {
  billableMinutes: number;
  nonBillableMinutes: number;
  /** Billable and non-billable minutes per ISO week of the period. */
  weeks: Array<{ week: string; billableMinutes: number; nonBillableMinutes: number }>;
  contracts: ContractBurn[];
  people: UtilisationRow[];
  teams: Array<{ team: string; people: number; billableMinutes: number; capacityMinutes: number; utilisation: number }>;
}

export interface LifecycleFigure {
  stages: Array<{ stage: LifecycleStage; accounts: number; medianMs: number | null }>;
  handoffs: number;
  incomplete: Array<ReportRef & { fromStage: LifecycleStage; toStage: LifecycleStage; at: string; open: number; total: number }>;
}

export interface CoverageGap extends ReportRef {
  requirement: { clearance: string | null; region: string | null };
  /** null: the account has no rotation at all. */
  shiftId: string | null;
  shiftName: string | null;
  problems: Array<{ member: string | null; problem: CoverageProblem }>;
}

export interface CoverageFigure {
  /** Sovereign or cleared accounts looked at. */
  accounts: number;
  shifts: number;
  coveredShifts: number;
  gaps: CoverageGap[];
}

export interface MetricsReport {
  query: ReportQuery;
  /** The instant the figures are taken at: the end of the period, or now when the period has not ended. */
  asOf: string;
  generatedAt: string;
  accounts: number;
  sla: SlaFigure;
  mttr: MttrFigure;
  backlog: BacklogFigure;
  adoption: AdoptionFigure;
  hours: HoursFigure;
  lifecycle: LifecycleFigure;
  asks: RankedAsk[];
  coverage: CoverageFigure;
}

/** The weekly review pack: the PDF and the CSV of its numbers, as files to save. */
export interface WeeklyPack {
  week: string;
  pdf: { filename: string; mimeType: string; encoding: 'base64'; content: string };
  csv: { filename: string; mimeType: string; encoding: 'utf8'; content: string };
}

/** The Monday–Sunday dates of an ISO week as a report period. */
export function weekPeriod(days: readonly string[]): { from: string; to: string } {
  return { from: days[0] ?? '', to: days[days.length - 1] ?? '' };
}
