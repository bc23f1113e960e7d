/**
 * The one API contract (DESIGN.md §3): method name → zod input schema and output type.
 * The renderer, the dispatcher and every transport are typed from this map; there is no second list.
 * This file imports the model only, so the renderer may import it.
 */
import { z } from 'zod';
import {
  accountCreateSchema,
  accountListSchema,
  accountUpdateSchema,
  catalogKindSchema,
  idSchema,
  profileSchema,
  searchQuerySchema,
  timelineListSchema,
  importBeginSchema,
  importChunkSchema,
  importCommitSchema,
  importPreviewSchema,
} from '../model';
import {
  entryDecisionSchema,
  entryRejectSchema,
  idleDecisionSchema,
  timeAddSchema,
  timeAdjustSchema,
  timeEntitlementSchema,
  timeListSchema,
  timeSetCellSchema,
  timeSettingsSchema,
  timeSkusSchema,
  timeUpdateSchema,
  timerResolveLimitSchema,
  timerStartSchema,
  timerSwitchSchema,
  timesheetDecisionSchema,
  timesheetGetSchema,
  timesheetRejectSchema,
  timesheetWeekSchema,
} from '../model';
import type {
  Entitlement,
  PendingEntry,
  PendingWeek,
  RunningTimer,
  Sku,
  TimeEntry,
  TimeSettings,
  TimerLimitNotice,
  TimesheetView,
  WeekView,
} from '../model';
import {
  contractCreateSchema,
  contractEndSchema,
  contractListSchema,
  contractOverviewSchema,
  contractUpdateSchema,
  engagementCreateSchema,
  engagementListSchema,
  engagementUpdateSchema,
  incidentAtSchema,
  incidentEngageSchema,
  incidentListSchema,
  incidentOpenSchema,
  incidentResolveSchema,
  incidentUpdateSchema,
  tierCodeInputSchema,
  tierTermsSaveSchema,
} from '../model';
import type { ContractOverview, Engagement, IncidentStats, IncidentView, SupportContract, TierTerms } from '../model';
import {
  accountRefSchema,
  adoptionSetSchema,
  capabilityRefSchema,
  capabilitySaveSchema,
  contactCreateSchema,
  contactUpdateSchema,
  handoffTemplateListSchema,
  handoffTemplateSaveSchema,
  handoffTickSchema,
  lifecycleMoveSchema,
  personSaveSchema,
  rotationSaveSchema,
  teamMemberAddSchema,
} from '../model';
import type {
  AccountAdoption,
  AccountLifecycle,
  AccountTeam,
  AdoptionEntry,
  AdoptionPortfolio,
  Capability,
  Contact,
  DirectoryPerson,
  HandoffItem,
  HandoffTemplateItem,
  LifecycleOverview,
  Person,
  Rotation,
  TeamMember,
} from '../model';
import {
  actionCreateSchema,
  actionListSchema,
  actionStatusSchema,
  actionUpdateSchema,
  followUpSchema,
  rankAsksSchema,
  recentReviewsSchema,
  reviewExportSchema,
  reviewListSchema,
  reviewCreateSchema,
  reviewUpdateSchema,
} from '../model';
import type { ActionItemView, ActionReminder, ExportedFile, RankedAsk, RecentReview, ReviewDetail, ReviewSummary } from '../model';
import type { Account, CatalogEntry, ErrorBody, Profile, SearchHit, SyncSummary, TimelinePage } from '../model';
import type { ImportPreview, ImportResult, ImportTypeInfo } from '../model';
import { timeExportRequestSchema, timeImportRequestSchema } from '../model';
import type { TimeExportFile, TimeImportPreview, TimeImportResult } from '../model';
import type { BundleDeviceInfo, BundleExportSummary, BundleImportSummary, BundleStatus, BundleTargetInfo } from '../model';
import { reportQuerySchema, weeklyPackSchema } from '../model';
import type { MetricsReport, WeeklyPack } from '../model';

/** A method: its input schema, and its output type carried only at the type level. */
export interface MethodSpec<I extends z.ZodType, O> {
  readonly input: I;
  readonly output?: O;
}

function method<O>() {
  return <I extends z.ZodType>(input: I): MethodSpec<I, O> => ({ input });
}

const none = z.object({}).strict().default({});
const byId = z.object({ id: idSchema }).strict();
const conflictIdMessage = 'Not a valid conflict id.';
const byConflictId = z
  .object({ id: z.number({ error: conflictIdMessage }).int(conflictIdMessage).positive(conflictIdMessage) })
  .strict();

export interface AppInfo {
  version: string;
  dataDir: string;
  databasePath: string;
  /** Where the core runs: the Electron utility process, the browser host, or in-process (tests). */
  host: 'electron' | 'browser' | 'in-process';
  /** The integrity check after an unclean shutdown: null when none ran or it is still running. */
  integrity: { ok: boolean; problems: string[] } | null;
}

/** One sync server this data folder is registered with, as the Sync page shows it. */
export interface SyncTargetInfo {
  id: string;
  url: string;
  region: string;
  residencies: string[];
  /** Local changes this server may hold that it has not acknowledged yet. */
  pending: number;
  lastSyncAt: string | null;
  lastError: string | null;
  registeredFrom: 'cli' | 'desktop' | 'browser';
  /** Why this server may not be synced until the device registers again (a restored or copied database); null when it may. */
  suspended: string | null;
}

/** A local change a server refused: kept and shown, never dropped (DESIGN.md §5). */
export interface SyncRejectionInfo {
  id: number;
  table: string;
  rowId: string;
  accountId: string;
  /** The record's name when it has one (an account's name), for people. */
  label: string | null;
  code: string;
  message: string;
  at: string;
}

export interface SyncStatus {
  /** Local changes no server has acknowledged yet. */
  unsent: number;
  targets: SyncTargetInfo[];
  rejections: SyncRejectionInfo[];
  /** Why this host cannot register or sync (the desktop app, for now); null when it can. */
  unavailable: string | null;
  /** Servers reached by bundle files (their details: bundles.status). */
  bundleTargets: number;
}

/**
 * Long text that lost a concurrent edit on another device (mirrors core/services/conflicts.ts), with the
 * record's account name for people.
 */
export interface Conflict {
  id: number;
  table: string;
  rowId: string;
  accountId: string;
  /** The account's name; null when the account is no longer on this device. */
  label: string | null;
  field: string;
  /** The words that lost a concurrent edit. */
  lostValue: string;
  /** What the record holds now. */
  currentValue: string | null;
  at: string;
}

/** The outcome of one sync pass with one server. */
export interface SyncRunSummary extends SyncSummary {
  /** Why this server was left out of the pass (registered from another kind of host); null when it was synced. */
  note: string | null;
}

const httpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
};

export const syncRegisterSchema = z
  .object({
    url: z
      .string()
      .trim()
      .min(1, 'Enter the server address.')
      .max(2000, 'The server address is too long.')
      .refine(httpUrl, 'The server address must start with https:// (or http:// on this machine).'),
    token: z.string().trim().min(1, 'Enter the device token.').max(500, 'The device token is too long.'),
  })
  .strict();

/** Bundle files cross the API in base64 pieces small enough for every transport's message limit. */
export const BUNDLE_CHUNK_BYTES = 256 * 1024;
const uploadId = z.uuid({ error: 'Not a valid upload id.' });

export const bundleSchemas = {
  createKeys: z
    .object({
      name: z.string().trim().min(1, 'Enter a name for this device.').max(200, 'The name is too long.').optional(),
      replace: z.boolean().default(false),
    })
    .strict(),
  trust: z.object({ keyFile: z.string().min(1, 'Choose the server’s key file.').max(64 * 1024, 'This file is too large to be a key file.') }).strict(),
  export: z.object({ targetId: z.string().min(1).max(64) }).strict(),
  upload: z
    .object({
      uploadId,
      index: z.number().int().nonnegative().max(4096),
      data: z.string().max(Math.ceil(BUNDLE_CHUNK_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'A piece of the file is not valid base64.'),
    })
    .strict(),
  import: z.object({ uploadId, chunks: z.number().int().positive().max(4096) }).strict(),
};

/** The Bundles section of the Sync page: this device's keys, the trusted servers, and why it may be unavailable. */
export interface BundlesStatus extends BundleStatus {
  /** Why this host cannot hold bundle keys (the desktop app, for now); null when it can. */
  unavailable: string | null;
}

export const contract = {
  'app.info': method<AppInfo>()(none),
  'profile.get': method<Profile | null>()(none),
  'profile.save': method<Profile>()(profileSchema),
  'catalog.list': method<CatalogEntry[]>()(z.object({ kind: catalogKindSchema.optional() }).strict().default({})),
  'accounts.list': method<Account[]>()(accountListSchema),
  'accounts.get': method<Account>()(byId),
  'accounts.create': method<Account>()(accountCreateSchema.strict()),
  'accounts.update': method<Account>()(accountUpdateSchema.strict()),
  'accounts.delete': method<{ id: string }>()(byId),
  'accounts.restore': method<Account>()(byId),
  'sync.status': method<SyncStatus>()(none),
  'sync.register': method<SyncTargetInfo>()(syncRegisterSchema),
  'sync.run': method<SyncRunSummary[]>()(none),
  'conflicts.list': method<Conflict[]>()(none),
  'conflicts.restore': method<{ id: number }>()(byConflictId),
  'conflicts.dismiss': method<{ id: number }>()(byConflictId),
  // Time tracking (docs/TIME.md): entries, the weekly grid, the timer, timesheets and entitlements.
  'time.list': method<TimeEntry[]>()(timeListSchema),
  'time.add': method<TimeEntry>()(timeAddSchema),
  'time.update': method<TimeEntry>()(timeUpdateSchema),
  'time.delete': method<{ id: string }>()(byId),
  'time.restore': method<TimeEntry>()(byId),
  'time.adjust': method<TimeEntry>()(timeAdjustSchema),
  'time.setCell': method<{ minutes: number }>()(timeSetCellSchema),
  'time.week': method<WeekView>()(timesheetWeekSchema),
  'time.today': method<{ minutes: number }>()(none),
  'time.skus': method<Sku[]>()(timeSkusSchema),
  'time.entitlement': method<Entitlement | null>()(timeEntitlementSchema),
  'time.settings.get': method<TimeSettings>()(none),
  'time.settings.save': method<TimeSettings>()(timeSettingsSchema),
  'timer.get': method<RunningTimer | null>()(none),
  'timer.start': method<RunningTimer>()(timerStartSchema),
  'timer.stop': method<TimeEntry | null>()(none),
  'timer.switch': method<RunningTimer>()(timerSwitchSchema),
  'timer.discard': method<{ discarded: boolean }>()(none),
  'timer.resolveIdle': method<{ entries: TimeEntry[]; timer: RunningTimer | null }>()(idleDecisionSchema),
  'timer.notice': method<TimerLimitNotice | null>()(none),
  'timer.resolveLimit': method<TimeEntry | null>()(timerResolveLimitSchema),
  'timesheet.get': method<TimesheetView>()(timesheetGetSchema),
  'timesheet.submit': method<TimesheetView>()(timesheetWeekSchema),
  'timesheet.withdraw': method<TimesheetView>()(timesheetWeekSchema),
  'timesheet.approve': method<TimesheetView>()(timesheetDecisionSchema),
  'timesheet.reject': method<TimesheetView>()(timesheetRejectSchema),
  'timesheet.pending': method<{ weeks: PendingWeek[]; entries: PendingEntry[] }>()(none),
  'timesheet.approveEntry': method<TimeEntry>()(entryDecisionSchema),
  'timesheet.rejectEntry': method<{ id: string }>()(entryRejectSchema),
  // Support tiers, contracts, incidents and engagements (docs/WORKSPACE.md, "Contracts, SLAs, incidents and engagements").
  'tiers.list': method<TierTerms[]>()(none),
  'tiers.save': method<TierTerms>()(tierTermsSaveSchema),
  'tiers.delete': method<{ code: string }>()(tierCodeInputSchema),
  'tiers.restore': method<TierTerms>()(tierCodeInputSchema),
  'contracts.list': method<SupportContract[]>()(contractListSchema),
  'contracts.get': method<SupportContract>()(byId),
  'contracts.create': method<SupportContract>()(contractCreateSchema),
  'contracts.update': method<SupportContract>()(contractUpdateSchema),
  'contracts.end': method<SupportContract>()(contractEndSchema),
  'contracts.delete': method<{ id: string }>()(byId),
  'contracts.restore': method<SupportContract>()(byId),
  'contracts.overview': method<ContractOverview>()(contractOverviewSchema),
  'incidents.list': method<IncidentView[]>()(incidentListSchema),
  'incidents.get': method<IncidentView>()(byId),
  'incidents.open': method<IncidentView>()(incidentOpenSchema),
  'incidents.update': method<IncidentView>()(incidentUpdateSchema),
  'incidents.respond': method<IncidentView>()(incidentAtSchema),
  'incidents.engage': method<IncidentView>()(incidentEngageSchema),
  'incidents.postUpdate': method<IncidentView>()(incidentAtSchema),
  'incidents.pause': method<IncidentView>()(incidentAtSchema),
  'incidents.resume': method<IncidentView>()(incidentAtSchema),
  'incidents.resolve': method<IncidentView>()(incidentResolveSchema),
  'incidents.reopen': method<IncidentView>()(byId),
  'incidents.delete': method<{ id: string }>()(byId),
  'incidents.restore': method<IncidentView>()(byId),
  'incidents.stats': method<IncidentStats>()(z.object({ accountId: idSchema.optional() }).strict().default({})),
  'engagements.list': method<Engagement[]>()(engagementListSchema),
  'engagements.create': method<Engagement>()(engagementCreateSchema),
  'engagements.update': method<Engagement>()(engagementUpdateSchema),
  'engagements.delete': method<{ id: string }>()(byId),
  'engagements.restore': method<Engagement>()(byId),
  // Team, lifecycle and adoption (issue 3).
  'people.list': method<DirectoryPerson[]>()(none),
  'people.save': method<Person>()(personSaveSchema),
  'people.delete': method<{ id: string }>()(byId),
  'people.restore': method<Person>()(byId),
  'team.get': method<AccountTeam>()(accountRefSchema),
  'team.add': method<TeamMember>()(teamMemberAddSchema),
  'team.remove': method<{ id: string; accountId: string }>()(byId),
  'team.restore': method<TeamMember>()(byId),
  'contacts.list': method<Contact[]>()(accountRefSchema),
  'contacts.create': method<Contact>()(contactCreateSchema),
  'contacts.update': method<Contact>()(contactUpdateSchema),
  'contacts.delete': method<{ id: string }>()(byId),
  'contacts.restore': method<Contact>()(byId),
  'rotation.save': method<Rotation>()(rotationSaveSchema),
  'rotation.delete': method<{ accountId: string }>()(accountRefSchema),
  'lifecycle.get': method<AccountLifecycle>()(accountRefSchema),
  'lifecycle.move': method<AccountLifecycle>()(lifecycleMoveSchema),
  'lifecycle.tick': method<HandoffItem>()(handoffTickSchema),
  'lifecycle.overview': method<LifecycleOverview>()(none),
  'lifecycle.templates': method<HandoffTemplateItem[]>()(handoffTemplateListSchema),
  'lifecycle.saveTemplate': method<HandoffTemplateItem>()(handoffTemplateSaveSchema),
  'lifecycle.deleteTemplate': method<{ id: string }>()(byId),
  'lifecycle.restoreTemplate': method<HandoffTemplateItem>()(byId),
  'adoption.get': method<AccountAdoption>()(accountRefSchema),
  'adoption.set': method<AdoptionEntry>()(adoptionSetSchema),
  'adoption.portfolio': method<AdoptionPortfolio>()(none),
  'adoption.capabilities': method<Capability[]>()(none),
  'adoption.saveCapability': method<Capability>()(capabilitySaveSchema),
  'adoption.deleteCapability': method<{ code: string }>()(capabilityRefSchema),
  'adoption.restoreCapability': method<Capability>()(capabilityRefSchema),
  'reviews.list': method<ReviewSummary[]>()(reviewListSchema),
  'reviews.get': method<ReviewDetail>()(byId),
  'reviews.create': method<ReviewDetail>()(reviewCreateSchema.strict()),
  'reviews.update': method<ReviewDetail>()(reviewUpdateSchema),
  'reviews.delete': method<{ id: string }>()(byId),
  'reviews.restore': method<ReviewDetail>()(byId),
  'reviews.recent': method<RecentReview[]>()(recentReviewsSchema),
  'reviews.rankAsks': method<RankedAsk[]>()(rankAsksSchema),
  'reviews.followUp': method<ActionItemView>()(followUpSchema),
  'reviews.export': method<ExportedFile>()(reviewExportSchema),
  'reviews.ofItem': method<ReviewDetail>()(followUpSchema),
  'actions.list': method<ActionItemView[]>()(actionListSchema),
  'actions.get': method<ActionItemView>()(byId),
  'actions.create': method<ActionItemView>()(actionCreateSchema),
  'actions.update': method<ActionItemView>()(actionUpdateSchema),
  'actions.setStatus': method<ActionItemView>()(actionStatusSchema),
  'actions.delete': method<{ id: string }>()(byId),
  'actions.restore': method<ActionItemView>()(byId),
  'actions.due': method<ActionReminder[]>()(none),
  'app.policy': method<ManagedSettings>()(none),
  'app.versions': method<CoreVersions>()(none),
  'search.query': method<SearchHit[]>()(searchQuerySchema),
  'timeline.list': method<TimelinePage>()(timelineListSchema),
  'import.types': method<ImportTypeInfo[]>()(none),
  'import.begin': method<{ uploadId: string }>()(importBeginSchema),
  'import.chunk': method<{ received: number; size: number }>()(importChunkSchema),
  'import.preview': method<ImportPreview>()(importPreviewSchema),
  'import.commit': method<ImportResult>()(importCommitSchema),
  /** Time export: the file's bytes as base64 and a suggested name (the CLI writes to a path instead). */
  'timesheet.export': method<TimeExportFile>()(timeExportRequestSchema),
  /** Time import: reads the file and shows what would be imported; writes nothing. */
  'time.import.preview': method<TimeImportPreview>()(timeImportRequestSchema),
  /** Time import: writes the file's ready rows, all or nothing (any row error refuses the whole file). */
  'time.import.commit': method<TimeImportResult>()(timeImportRequestSchema),
  'bundles.status': method<BundlesStatus>()(none),
  'bundles.createKeys': method<BundleDeviceInfo>()(bundleSchemas.createKeys),
  'bundles.trust': method<BundleTargetInfo>()(bundleSchemas.trust),
  'bundles.export': method<BundleExportSummary & { data: string }>()(bundleSchemas.export),
  'bundles.upload': method<{ received: number }>()(bundleSchemas.upload),
  'bundles.import': method<BundleImportSummary>()(bundleSchemas.import),
  /** Every metrics figure for a period and filters (docs/METRICS.md); only accounts on this device count. */
  'reports.metrics': method<MetricsReport>()(reportQuerySchema),
  /** The weekly review pack: a PDF of every figure and chart for an ISO week, and a CSV of the numbers. */
  'reports.weekly': method<WeeklyPack>()(weeklyPackSchema),
} as const;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
/** What a caller may pass (defaults not yet applied). */
export type InputOf<K extends MethodName> = z.input<Contract[K]['input']>;
/** What a handler receives (validated, defaults applied). */
export type ParsedInputOf<K extends MethodName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends MethodName> = Exclude<Contract[K]['output'], undefined>;

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

/** The answer to every call: never a thrown error across a process boundary. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Events the core pushes on the same connection. */
export interface EventMap {
  /** Rows changed, here or by another process on the same database (PRAGMA data_version). */
  'data.changed': { tables: string[]; external: boolean };
  /** The full integrity check that runs after an unclean shutdown finished. */
  'store.integrity': { ok: boolean; problems: string[] };
  /**
   * A command from the desktop shell, delivered to the renderer like any event: File › New Account, or a click
   * on a due-items notification (open My items).
   */
  'app.command': { command: 'account.new' } | { command: 'actions.open' } | TimerIdleCommand;
  /** The running timer changed (started, stopped, switched, stopped by the forgotten-timer guard). */
  'timer.changed': RunningTimer | null;
  /** Your action items due today or overdue that were not announced yet today: once per item per day. */
  'reminders.due': { items: ActionReminder[] };
  /** Something the desktop shell tells the user (the core was restarted, a backup was restored, an update is ready). */
  'app.notice': AppNotice;
}
export type EventName = keyof EventMap;

// Wire frames, used by the MessagePort and WebSocket transports alike.
export const requestFrameSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
  input: z.unknown(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export const helloFrameSchema = z.object({ kind: z.literal('hello'), token: z.string().min(1).max(200) });
export type HelloFrame = z.infer<typeof helloFrameSchema>;

export interface ResponseFrame {
  kind: 'response';
  id: number;
  result: Envelope<unknown>;
}
export interface EventFrame<E extends EventName = EventName> {
  kind: 'event';
  name: E;
  payload: EventMap[E];
}
/** Sent by the browser host once the hello frame's token was accepted; calls may flow after it. */
export interface WelcomeFrame {
  kind: 'welcome';
}
export type ServerFrame = ResponseFrame | EventFrame | WelcomeFrame;

/** WebSocket close codes the browser host uses; the reason string is shown to the user. */
export const CLOSE_CODES = { badToken: 4401, badFrame: 4400, badOrigin: 4403 } as const;

/**
 * A connection to the core, whatever carries it (in-process, MessagePort, WebSocket). The renderer's typed
 * client is built on this, so it never knows which host it runs in.
 */
export interface CoreLink {
  request(method: string, input: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

/** The name under which the Electron preload exposes the bridge: `window.fieldbook` is a CoreLink and nothing more. */
export const BRIDGE_NAME = 'fieldbook';
/** The IPC channel on which the main process hands the preload its MessagePort to the core. */
export const PORT_CHANNEL = 'fieldbook:core-port';

/**
 * The desktop shell noticed the user came back after being idle (or asleep) longer than the threshold while a
 * timer ran; `idleSince` is the ISO instant the idle time began. The renderer asks what to do with that time.
 */
export interface TimerIdleCommand {
  command: 'timer.idle';
  idleSince: string;
}

/** A notice from the desktop shell, shown as a toast. */
export interface AppNotice {
  kind: 'core.restarted' | 'backup.restored' | 'update.ready' | 'action.failed';
  message: string;
}

/** One sync server an administrator set up for this installation. */
export interface ManagedSyncServer {
  url: string;
  /** The region the server must report; null when the policy leaves it open. */
  region: string | null;
  label: string | null;
}

/**
 * What an administrator's policy file sets on this installation (app.policy). Each part is null when the
 * policy does not manage it; `source` is null when no policy applies at all.
 */
export interface ManagedSettings {
  source: string | null;
  sync: { servers: ManagedSyncServer[]; locked: boolean } | null;
  timer: { forgottenAfterHours: number | null; idleAfterMinutes: number | null } | null;
  updates: { enabled: false } | { enabled: true; url: string; checkIntervalHours: number } | null;
}

/** Versions the core knows, for the About dialog and support (app.versions). */
export interface CoreVersions {
  app: string;
  sqlite: string;
  /** The newest database migration applied, and how many are. */
  schema: string | null;
  migrations: number;
}
