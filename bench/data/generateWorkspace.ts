/**
 * The rest of an organisation's workspace for the benchmark dataset (issue 7): incidents with SLA timings,
 * roadmap reviews with asks and commitments, engagements, adoption statuses and notes, action items, lifecycle
 * hand-offs with checklists, the people directory, account teams and on-call rotations. Scale 1: 50,000
 * incidents, 20,000 reviews, 100,000 engagements and adoption notes together.
 *
 * Drawn from its own seeded stream, so the accounts, contracts and time entries before it stay byte-identical.
 */
import { DEFAULT_CAPABILITIES, ENGAGEMENT_KINDS, LIFECYCLE_FLOW, TEAM_ROLES } from '../../core/model';
import type { AdoptionStatus, Shift } from '../../core/model';
import { ACTION_ITEMS_SPEC } from '../../core/store/actionItemsRepo';
import { ADOPTION_NOTES_SPEC, ADOPTION_SPEC, AdoptionRepo } from '../../core/store/adoptionRepo';
import { ENGAGEMENTS_SPEC } from '../../core/store/engagementsRepo';
import { INCIDENTS_SPEC } from '../../core/store/incidentsRepo';
import { HANDOFF_ITEMS_SPEC, LIFECYCLE_EVENTS_SPEC } from '../../core/store/lifecycleRepo';
import { REVIEW_ITEMS_SPEC, ROADMAP_REVIEWS_SPEC } from '../../core/store/reviewsRepo';
import { ON_CALL_ROTATIONS_SPEC, PEOPLE_SPEC, TEAM_ROLES_SPEC, TeamRepo } from '../../core/store/teamRepo';
import type { BulkLoader, GeneratedRow } from './bulkLoad';
import { NOTE_WORDS } from './words';

type Random = () => number;
const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const int = (rand: Random, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => iso(ms).slice(0, 10);

function sentence(rand: Random, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(pick(rand, NOTE_WORDS));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const SYMPTOMS = ['returns 503', 'times out', 'is slow', 'rejects logins', 'drops connections', 'fails health checks', 'loses messages', 'reports stale data', 'throws certificate errors', 'runs out of disk'];
const COMPONENTS = ['Object storage', 'The API gateway', 'Checkout', 'Single sign-on', 'The message queue', 'Replication', 'The Kubernetes operator', 'Backups', 'The billing export', 'DNS', 'The reporting service', 'VPN peering'];
const REGIONS = ['in eu-central', 'in us-east', 'in ap-southeast', 'for one tenant', 'after the upgrade', 'under peak load', 'since the failover', ''];
const ASKS = [
  'SSO via SAML', 'SCIM provisioning', 'Audit log export to SIEM', 'Customer-managed keys', 'Private endpoints', 'Terraform provider coverage',
  'Cross-region replication', 'Faster failover', 'Per-tenant rate limits', 'Usage-based billing export', 'FedRAMP High', 'Data residency in Australia',
  'Read replicas', 'Point-in-time restore', 'IPv6 support', 'OpenTelemetry traces', 'Role-based access for support', 'Kubernetes 1.31 support',
  'Webhook retries', 'Bulk import API', 'Offline installer', 'ARM64 images', 'Longer log retention', 'Mutual TLS', 'Quota alerts',
];
const ENGAGEMENT_TITLES = ['Weekly sync', 'Architecture review', 'Upgrade planning', 'Incident follow-up', 'Quarterly business review', 'Onsite workshop', 'Escalation call', 'Roadmap preview', 'Capacity planning', 'Security review'];
const ACTIONS = ['Send the RCA', 'Share the upgrade runbook', 'Book the QBR', 'Review the capacity plan', 'Confirm the maintenance window', 'Follow up on the ask', 'Update the escalation path', 'Send the architecture notes', 'Check the backup restore test', 'Introduce the new SE'];
const ZONES = ['Europe/London', 'Europe/Berlin', 'America/New_York', 'Asia/Singapore', 'Australia/Sydney'];
const LEVELS = ['critical', 'high', 'medium', 'low'] as const;
const ASK_STATUSES = ['open', 'open', 'under_review', 'planned', 'delivered', 'declined'] as const;
/** How long after the response an incident of each severity may take to resolve, at most, in minutes. */
const RESOLVE_MINUTES = [600, 2880, 8640, 14400];
const ADOPTION: readonly AdoptionStatus[] = ['evaluating', 'piloting', 'adopted', 'adopted', 'blocked'];

export interface WorkspaceAccount {
  id: string;
  tier: string;
  created: number;
  team: string[];
  residency: string;
  clearance: string | null;
}

export interface WorkspaceSummary {
  people: number;
  teamRoles: number;
  rotations: number;
  incidents: number;
  reviews: number;
  reviewItems: number;
  engagements: number;
  adoption: number;
  adoptionNotes: number;
  actionItems: number;
  lifecycleEvents: number;
  handoffItems: number;
}

const nameOf = (email: string) =>
  email
    .split('@')[0]
    ?.split('.')
    .map((p) => p.replace(/\d+$/, ''))
    .map((p) => `${p.charAt(0).toUpperCase()}${p.slice(1)}`)
    .join(' ') ?? email;

/** First-response target in minutes by tier and severity, as the generated contracts sell them. */
function responseTarget(tier: string, severity: number): number {
  if (tier === 'premier') return 15;
  return (tier === 'premium' ? 60 : 240) * severity;
}

export function generateWorkspace(
  loader: BulkLoader,
  rand: Random,
  input: { scale: number; until: number; users: readonly string[]; accounts: readonly WorkspaceAccount[]; residencies: readonly string[]; clearances: readonly string[]; uuid: (rand: Random, ms: number) => string },
  progress: (message: string) => void,
): WorkspaceSummary {
  const { scale, until, users, accounts, uuid } = input;
  const count = (n: number) => Math.max(1, Math.round(n * scale));
  const summary: WorkspaceSummary = { people: 0, teamRoles: 0, rotations: 0, incidents: 0, reviews: 0, reviewItems: 0, engagements: 0, adoption: 0, adoptionNotes: 0, actionItems: 0, lifecycleEvents: 0, handoffItems: 0 };
  const start = Math.min(...accounts.map((a) => a.created));
  const when = (account: WorkspaceAccount, margin = 0) => account.created + Math.floor(rand() * Math.max(1, until - margin - account.created));

  // The directory: every user, with a home region and, for one in eight, a clearance of that region.
  const personIds = new Map<string, string>();
  const people: GeneratedRow[] = users.map((email) => {
    const id = uuid(rand, start);
    personIds.set(email, id);
    const cleared = rand() < 0.125;
    const clearance = cleared ? pick(rand, input.clearances) : null;
    const homeRegion = clearance ? (clearance.split('-')[0] ?? 'us') : pick(rand, input.residencies.filter((r) => r !== 'global'));
    return {
      id,
      accountId: 'org',
      at: new Date(start),
      fields: { name: nameOf(email), email, roles: [pick(rand, TEAM_ROLES)], clearances: clearance ? [clearance] : [], homeRegion, timeZone: pick(rand, ZONES) },
    };
  });
  summary.people = loader.load(PEOPLE_SPEC, people);

  // Account teams (the accounts' generated teams), and on-call rotations for the tiers that get one.
  const members = new Map<string, string[]>();
  const teamRows: GeneratedRow[] = [];
  const rotationRows: GeneratedRow[] = [];
  for (const account of accounts) {
    const ids: string[] = [];
    [...new Set(account.team)].forEach((email, i) => {
      const id = uuid(rand, account.created);
      ids.push(id);
      teamRows.push({ id, accountId: account.id, at: new Date(account.created), fields: { role: TEAM_ROLES[i % TEAM_ROLES.length], personId: personIds.get(email) ?? null, name: nameOf(email), email, note: '' } });
    });
    members.set(account.id, ids);
    if (account.tier === 'premier' || account.tier === 'dedicated') {
      const shifts: Shift[] = [
        { id: 'day', name: 'Day', start: '08:00', end: '20:00', days: [1, 2, 3, 4, 5, 6, 7], order: ids.slice(0, 2) },
        { id: 'night', name: 'Night', start: '20:00', end: '08:00', days: [1, 2, 3, 4, 5, 6, 7], order: ids.slice(-2) },
      ];
      rotationRows.push({ id: TeamRepo.rotationId(account.id), accountId: account.id, at: new Date(account.created), fields: { timeZone: pick(rand, ZONES), startsOn: isoDate(account.created), handoffDay: 1, handoffTime: '09:00', shifts } });
    }
  }
  summary.teamRoles = loader.load(TEAM_ROLES_SPEC, teamRows);
  summary.rotations = loader.load(ON_CALL_ROTATIONS_SPEC, rotationRows);
  progress(`${summary.people} people, ${summary.teamRoles} team roles, ${summary.rotations} rotations`);

  // Incidents: severity 3 most common; responses land around the target, so some breach; recent ones still open.
  const incidents = function* (): Generator<GeneratedRow> {
    for (let i = 0; i < count(50_000); i += 1) {
      const account = pick(rand, accounts);
      const opened = when(account, 60 * MIN_MS);
      const r = rand();
      const severity = r < 0.05 ? 1 : r < 0.25 ? 2 : r < 0.7 ? 3 : 4;
      const target = responseTarget(account.tier, severity);
      const respond = opened + Math.round(target * (0.2 + 1.6 * rand() * rand()) * MIN_MS);
      const open = until - opened < 14 * DAY_MS && rand() < 0.5;
      const resolved = open ? null : Math.min(until - MIN_MS, respond + Math.round((30 + rand() * (RESOLVE_MINUTES[severity - 1] ?? 600)) * MIN_MS));
      const cap = (ms: number) => (resolved !== null && ms > resolved ? resolved : Math.min(ms, until - MIN_MS));
      const engage = (factor: number) => cap(opened + Math.round(target * factor * (0.3 + 1.4 * rand()) * MIN_MS));
      const premiumTeam = account.tier === 'premier' || (account.tier === 'premium' && severity === 1);
      const updates: string[] = [];
      if (severity <= 2) for (let t = respond + 50 * MIN_MS * severity; t < (resolved ?? until) && updates.length < 8; t += (40 + rand() * 60) * MIN_MS * severity) updates.push(iso(t));
      yield {
        id: uuid(rand, opened),
        accountId: account.id,
        at: new Date(resolved ?? opened),
        fields: {
          severity,
          summary: `${pick(rand, COMPONENTS)} ${pick(rand, SYMPTOMS)} ${pick(rand, REGIONS)}`.trim(),
          openedAt: iso(opened),
          firstResponseAt: iso(cap(respond)),
          supportEngineerAt: iso(engage(1)),
          supportEngineerName: nameOf(pick(rand, users)),
          developerAt: premiumTeam ? iso(engage(2)) : null,
          developerName: '',
          incidentManagerAt: premiumTeam && severity === 1 ? iso(engage(1.5)) : null,
          incidentManagerName: '',
          updates,
          pauses: [],
          resolvedAt: resolved === null ? null : iso(resolved),
        },
      };
    }
  };
  summary.incidents = loader.load(INCIDENTS_SPEC, incidents());
  progress(`${summary.incidents} incidents`);

  // Roadmap reviews with one to three asks (titles shared across accounts, so the ranking has work) and commitments.
  const itemRows: GeneratedRow[] = [];
  const reviews = function* (): Generator<GeneratedRow> {
    for (let i = 0; i < count(20_000); i += 1) {
      const account = pick(rand, accounts);
      const at = when(account);
      const id = uuid(rand, at);
      const asks = int(rand, 1, 3);
      for (let p = 0; p < asks; p += 1)
        itemRows.push({ id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { reviewId: id, kind: 'ask', position: p, title: pick(rand, ASKS), detail: rand() < 0.5 ? sentence(rand, int(rand, 6, 14)) : '', priority: pick(rand, LEVELS), impact: pick(rand, LEVELS), status: pick(rand, ASK_STATUSES), owner: null, ownerRef: null, due: null } });
      for (let p = 0; p < int(rand, 0, 2); p += 1)
        itemRows.push({ id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { reviewId: id, kind: 'commitment', position: p, title: pick(rand, ACTIONS), detail: '', priority: null, impact: null, status: null, owner: nameOf(pick(rand, account.team)), ownerRef: null, due: isoDate(at + int(rand, 7, 60) * DAY_MS) } });
      yield {
        id,
        accountId: account.id,
        at: new Date(at),
        fields: {
          date: isoDate(at),
          title: 'Roadmap review',
          attendees: [{ name: nameOf(pick(rand, account.team)), side: 'vendor', refId: null }, { name: `${pick(rand, ['Ana', 'Ben', 'Chen', 'Dara', 'Emil', 'Fatima'])} ${pick(rand, ['Ruiz', 'Okafor', 'Lee', 'Novak', 'Haddad'])}`, side: 'customer', refId: null }],
          agenda: sentence(rand, int(rand, 5, 12)),
          notes: sentence(rand, int(rand, 10, 30)),
        },
      };
    }
  };
  summary.reviews = loader.load(ROADMAP_REVIEWS_SPEC, reviews());
  summary.reviewItems = loader.load(REVIEW_ITEMS_SPEC, itemRows);
  progress(`${summary.reviews} reviews, ${summary.reviewItems} asks and commitments`);

  // Adoption: three to nine capabilities per account; each status change writes a note (as the service does).
  const adoptionRows: GeneratedRow[] = [];
  const noteRows: GeneratedRow[] = [];
  for (const account of accounts) {
    const caps = [...DEFAULT_CAPABILITIES].sort(() => rand() - 0.5).slice(0, int(rand, 3, 9));
    for (const cap of caps) {
      let at = when(account);
      let status: AdoptionStatus = 'evaluating';
      for (let step = 0; step < int(rand, 1, 3); step += 1) {
        status = step === 0 ? 'evaluating' : pick(rand, ADOPTION);
        noteRows.push({ id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { capability: cap.code, on: isoDate(at), text: sentence(rand, int(rand, 4, 12)), status } });
        at = Math.min(until - DAY_MS, at + int(rand, 7, 120) * DAY_MS);
      }
      adoptionRows.push({ id: AdoptionRepo.adoptionId(account.id, cap.code), accountId: account.id, at: new Date(at), fields: { capability: cap.code, status, blockers: status === 'blocked' ? sentence(rand, 6) : '', since: noteRows.at(-1)?.fields['on'] ?? isoDate(at) } });
    }
  }
  // Engagements and plain adoption notes make up 100,000 together at scale 1.
  const engagementCount = count(100_000) - noteRows.length > 0 ? Math.round((count(100_000) - noteRows.length) * 0.75) : 0;
  const plainNotes = Math.max(0, count(100_000) - noteRows.length - engagementCount);
  for (let i = 0; i < plainNotes; i += 1) {
    const account = pick(rand, accounts);
    const at = when(account);
    noteRows.push({ id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { capability: pick(rand, DEFAULT_CAPABILITIES).code, on: isoDate(at), text: sentence(rand, int(rand, 6, 20)), status: null } });
  }
  summary.adoption = loader.load(ADOPTION_SPEC, adoptionRows);
  summary.adoptionNotes = loader.load(ADOPTION_NOTES_SPEC, noteRows);
  const engagements = function* (): Generator<GeneratedRow> {
    for (let i = 0; i < engagementCount; i += 1) {
      const account = pick(rand, accounts);
      const at = when(account);
      yield { id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { kind: pick(rand, ENGAGEMENT_KINDS), occurredAt: iso(at), title: pick(rand, ENGAGEMENT_TITLES), attendees: account.team.map(nameOf).join(', '), notes: sentence(rand, int(rand, 8, 30)), minutes: rand() < 0.3 ? sentence(rand, int(rand, 20, 60)) : '' } };
    }
  };
  summary.engagements = loader.load(ENGAGEMENTS_SPEC, engagements());
  progress(`${summary.adoption} adoption statuses, ${summary.adoptionNotes} adoption notes, ${summary.engagements} engagements`);

  // Action items: most done; the open ones have due dates, some past.
  const actions = function* (): Generator<GeneratedRow> {
    for (let i = 0; i < count(20_000); i += 1) {
      const account = pick(rand, accounts);
      const at = when(account);
      const r = rand();
      const status = r < 0.15 ? 'open' : r < 0.25 ? 'in_progress' : r < 0.9 ? 'done' : 'dropped';
      yield { id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { title: pick(rand, ACTIONS), owner: nameOf(pick(rand, account.team)), ownerRef: null, due: rand() < 0.85 ? isoDate(at + int(rand, 3, 45) * DAY_MS) : null, status, sourceTable: null, sourceId: null, sourceLabel: null, notes: rand() < 0.3 ? sentence(rand, 10) : '' } };
    }
  };
  summary.actionItems = loader.load(ACTION_ITEMS_SPEC, actions());

  // Lifecycle: up to four hand-offs along the flow, each with its checklist, mostly ticked.
  const eventRows: GeneratedRow[] = [];
  const handoffRows: GeneratedRow[] = [];
  for (const account of accounts) {
    let at = account.created;
    const moves = int(rand, 0, 4);
    for (let m = 0; m < moves && m + 1 < LIFECYCLE_FLOW.length; m += 1) {
      at += int(rand, 14, 240) * DAY_MS;
      if (at >= until) break;
      const id = uuid(rand, at);
      eventRows.push({ id, accountId: account.id, at: new Date(at), fields: { fromStage: LIFECYCLE_FLOW[m], toStage: LIFECYCLE_FLOW[m + 1], at: iso(at), fromOwner: nameOf(pick(rand, account.team)), toOwner: nameOf(pick(rand, account.team)), note: rand() < 0.4 ? sentence(rand, 10) : '' } });
      for (let k = 0; k < int(rand, 3, 5); k += 1) {
        const done = rand() < 0.85;
        handoffRows.push({ id: uuid(rand, at), accountId: account.id, at: new Date(at), fields: { eventId: id, text: sentence(rand, int(rand, 4, 9)), sort: k, done, doneAt: done ? iso(at + DAY_MS) : null, doneBy: done ? nameOf(pick(rand, account.team)) : null } });
      }
    }
  }
  summary.lifecycleEvents = loader.load(LIFECYCLE_EVENTS_SPEC, eventRows);
  summary.handoffItems = loader.load(HANDOFF_ITEMS_SPEC, handoffRows);
  progress(`${summary.actionItems} action items, ${summary.lifecycleEvents} hand-offs`);
  return summary;
}
