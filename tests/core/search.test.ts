import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../core/model';
import type { SearchHit } from '../../core/model';
import { encodeHlc } from '../../core/protocol/hlc';
import { CAPABILITIES_SPEC } from '../../core/store/adoptionRepo';
import { ContractsRepo } from '../../core/store/contractsRepo';
import { MIGRATIONS } from '../../core/store/migrations';
import { ensureSearchIndex, rebuildSearchIndex, searchRecipe } from '../../core/store/searchIndex';
import { RANK_WINDOW, toFtsQuery } from '../../core/store/searchRepo';
import { openStore } from '../../core/store/store';
import { SyncedTable } from '../../core/store/syncedTable';
import { TIME_ENTRIES_SPEC } from '../../core/store/timeTables';
import { searchSources } from '../../core/services/search';
import { hashToken } from '../../server/auth';
import { startTestServer, sqliteBackend } from '../server/harness';
import type { TestServer } from '../server/harness';
import { tempDir, testCore } from './helpers';
import { CONTRACT, TIME_ENTRY } from './recordFixtures';
import { device } from './syncDevices';
import type { Client } from './syncDevices';

type Core = Awaited<ReturnType<typeof testCore>>;

const titles = (hits: SearchHit[]) => hits.map((h) => h.title);
const matched = (hit: SearchHit | undefined) => hit?.snippet.filter((s) => s.match).map((s) => s.text);
const docCount = (t: Core) => (t.core.store.db.prepare('SELECT count(*) AS n FROM search_docs').get() as { n: number }).n;
/** The FTS index itself, not only search_docs: what MATCH finds for a bare word. */
const ftsRows = (t: Core, word: string) =>
  (t.core.store.db.prepare('SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH ?').get(`"${word}"`) as { n: number }).n;

describe('full-text search', () => {
  let cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups = [];
  });
  const core = async () => {
    const t = await testCore();
    cleanups.push(t.close);
    return t;
  };

  it('follows every local write: create, edit, delete and restore', async () => {
    const t = await core();
    const acme = await t.call('accounts.create', { name: 'Acme Corp', notes: 'Kubernetes upgrade planned for March' });
    expect(titles(await t.call('search.query', { text: 'kubern' }))).toEqual(['Acme Corp']);
    expect(titles(await t.call('search.query', { text: 'acme' }))).toEqual(['Acme Corp']);

    await t.call('accounts.update', { id: acme.id, patch: { notes: 'Postgres migration next' } });
    expect(await t.call('search.query', { text: 'kubernetes' })).toEqual([]);
    expect(ftsRows(t, 'kubernetes')).toBe(0);
    expect(titles(await t.call('search.query', { text: 'postgres' }))).toEqual(['Acme Corp']);

    await t.call('accounts.update', { id: acme.id, patch: { name: 'Acme Industries' } });
    expect(titles(await t.call('search.query', { text: 'industries' }))).toEqual(['Acme Industries']);

    await t.call('accounts.delete', { id: acme.id });
    expect(await t.call('search.query', { text: 'postgres' })).toEqual([]);
    expect(docCount(t)).toBe(0);
    expect(ftsRows(t, 'postgres')).toBe(0);

    await t.call('accounts.restore', { id: acme.id });
    expect(titles(await t.call('search.query', { text: 'postgres' }))).toEqual(['Acme Industries']);
  });

  it('an edit of a field that is not indexed leaves the index untouched', async () => {
    const t = await core();
    const acme = await t.call('accounts.create', { name: 'Acme', notes: 'quarterly review' });
    const before = t.core.store.db.prepare('SELECT doc_id FROM search_docs').get();
    await t.call('accounts.update', { id: acme.id, patch: { health: 'red' } });
    expect(t.core.store.db.prepare('SELECT doc_id FROM search_docs').get()).toEqual(before);
  });

  it('indexes contracts and time entries, says where each hit leads, and filters by kind', async () => {
    const t = await core();
    const acme = await t.call('accounts.create', { name: 'Acme', notes: 'Firewall rules pending' });
    const contractId = newId();
    const entryId = newId();
    t.core.store.write(() => {
      new ContractsRepo(t.core.store).insert(contractId, acme.id, { ...CONTRACT, notes: 'Firewall appliance included' });
      new SyncedTable(t.core.store, TIME_ENTRIES_SPEC).insert(entryId, acme.id, { ...TIME_ENTRY, note: 'Firewall workshop onsite' });
    });

    const hits = await t.call('search.query', { text: 'firewall' });
    expect(hits.map((h) => [h.kind, h.kindLabel]).sort()).toEqual([
      ['account', 'Account'],
      ['contract', 'Contract'],
      ['time_entry', 'Time entry'],
    ]);
    const contract = hits.find((h) => h.kind === 'contract');
    expect(contract).toMatchObject({
      table: 'contracts',
      id: contractId,
      accountId: acme.id,
      accountName: 'Acme',
      title: 'Contract 2026-01-01 to 2026-12-31',
      tab: 'contracts',
    });
    expect(hits.find((h) => h.kind === 'time_entry')).toMatchObject({ id: entryId, title: 'Time 2026-03-04, 1 h 30 min, onsite' });
    expect(hits.find((h) => h.kind === 'account')).toMatchObject({ id: acme.id, accountId: acme.id, tab: 'overview' });

    expect((await t.call('search.query', { text: 'firewall', kinds: ['time_entry', 'contract'] })).map((h) => h.kind).sort()).toEqual(['contract', 'time_entry']);
    expect(await t.call('search.query', { text: 'firewall', limit: 2 })).toHaveLength(2);
    expect(await t.call('search.query', { text: 'firewall', kinds: ['incident'] })).toEqual([]);
  });

  it('leaves out records of an account that was deleted, and brings them back with it', async () => {
    const t = await core();
    const acme = await t.call('accounts.create', { name: 'Acme' });
    t.core.store.write(() => new ContractsRepo(t.core.store).insert(newId(), acme.id, { ...CONTRACT, notes: 'orphaned escrow terms' }));
    expect(await t.call('search.query', { text: 'escrow' })).toHaveLength(1);
    await t.call('accounts.delete', { id: acme.id });
    expect(await t.call('search.query', { text: 'escrow' })).toEqual([]);
    await t.call('accounts.restore', { id: acme.id });
    expect(await t.call('search.query', { text: 'escrow' })).toHaveLength(1);
  });

  it('shows the passage of the column that matched: a name match is the name, a note match is the note', async () => {
    const t = await core();
    await t.call('accounts.create', { name: 'Globex Corporation', notes: 'Storage array refresh; Globex wants quotes by May' });
    const [byName] = await t.call('search.query', { text: 'corporation' });
    expect(byName?.snippet).toEqual([{ text: 'Globex ', match: false }, { text: 'Corporation', match: true }]);
    const [byNote] = await t.call('search.query', { text: 'storage' });
    expect(byNote?.snippet.map((s) => s.text).join('')).toBe('Storage array refresh; Globex wants quotes by May');
  });

  it('ranks by bm25 and marks the matched words in the snippet', async () => {
    const t = await core();
    await t.call('accounts.create', { name: 'Initech', notes: `Long notes about many things. ${'Filler words here. '.repeat(30)} One mention of latency.` });
    await t.call('accounts.create', { name: 'Globex', notes: 'Latency latency latency: the latency budget is blown.' });
    await t.call('accounts.create', { name: 'Hooli', notes: 'Nothing relevant' });
    const hits = await t.call('search.query', { text: 'latency' });
    expect(titles(hits)).toEqual(['Globex', 'Initech']);
    expect(matched(hits[0])).toEqual(['Latency', 'latency', 'latency', 'latency']);
    // The snippet is a window around the match, not the whole text.
    const initech = hits[1]?.snippet.map((s) => s.text).join('') ?? '';
    expect(initech).toContain('latency');
    expect(initech.length).toBeLessThan(200);
    expect(initech.startsWith('…')).toBe(true);
  });

  it('ranks the newest matches when a word is in more records than the rank window', async () => {
    const t = await core();
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const times = new SyncedTable(t.core.store, TIME_ENTRIES_SPEC);
    const oldest = newId();
    t.core.store.write(() => {
      // The best bm25 match, but the oldest document.
      times.insert(oldest, acme.id, { ...TIME_ENTRY, note: 'outage outage outage outage' });
      for (let i = 0; i < RANK_WINDOW + 50; i += 1) times.insert(newId(), acme.id, { ...TIME_ENTRY, note: `routine check ${i}, one outage mentioned among many other words of the day` });
    });
    const hits = await t.call('search.query', { text: 'outage', limit: 5 });
    expect(hits).toHaveLength(5);
    expect(hits.map((h) => h.id)).not.toContain(oldest);
    // A word in fewer records than the window: all its matches are ranked, so the better, older one wins.
    const fresh = newId();
    t.core.store.write(() => times.insert(fresh, acme.id, { ...TIME_ENTRY, note: 'quasar quasar quasar' }));
    t.core.store.write(() => times.insert(newId(), acme.id, { ...TIME_ENTRY, note: 'quasar once, then nothing else of note here at all today' }));
    expect((await t.call('search.query', { text: 'quasar', limit: 1 }))[0]?.id).toBe(fresh);
  });

  it('matches word prefixes, every word typed, and ignores accents', async () => {
    const t = await core();
    await t.call('accounts.create', { name: 'Café Müller', notes: 'Zürich office, network redesign' });
    await t.call('accounts.create', { name: 'Network Rail', notes: 'signalling' });
    expect(titles(await t.call('search.query', { text: 'netw' })).sort()).toEqual(['Café Müller', 'Network Rail']);
    expect(titles(await t.call('search.query', { text: 'netw zur' }))).toEqual(['Café Müller']);
    expect(titles(await t.call('search.query', { text: 'cafe muller' }))).toEqual(['Café Müller']);
    expect(matched((await t.call('search.query', { text: 'zurich' }))[0])).toEqual(['Zürich']);
  });

  it('never fails on what a person types: quotes, operators, stars, columns, unicode', async () => {
    const t = await core();
    await t.call('accounts.create', { name: 'Operators Inc', notes: 'NEAR and OR and AND and NOT, "quoted", col:on, a*b, (parens) ^caret 日本語 emoji 🙂' });
    const hostile = ['"', '""', '"unclosed', 'NEAR(', 'NEAR(a b, 2)', 'a OR', 'AND', 'NOT x', '*', '**', 'col:on', 'notes:x', '(', ')', '^', '-x', '+', '{body}: x', "'", '\\', '\u0000', '🙂', '\uE000', '\uE001near', 'x'.repeat(500)];
    for (const text of hostile) await expect(t.call('search.query', { text })).resolves.toBeInstanceOf(Array);
    // Operators are just words.
    expect(titles(await t.call('search.query', { text: 'NEAR' }))).toEqual(['Operators Inc']);
    expect(titles(await t.call('search.query', { text: '"quoted"' }))).toEqual(['Operators Inc']);
    expect(titles(await t.call('search.query', { text: 'col:on' }))).toEqual(['Operators Inc']);
    expect(titles(await t.call('search.query', { text: '日本語' }))).toEqual(['Operators Inc']);
    expect(await t.call('search.query', { text: '   ' })).toEqual([]);

    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 60 }), async (text) => {
        const result = await t.core.link.request('search.query', { text });
        expect(result.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('builds queries of quoted prefix phrases', () => {
    expect(toFtsQuery('acme corp')).toBe('"acme"* "corp"*');
    expect(toFtsQuery('say "hi"')).toBe('"say"* """hi"""*');
    expect(toFtsQuery('* - ( )')).toBeNull();
    expect(toFtsQuery(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))?.split(' ')).toHaveLength(16);
  });

  it('a marker character in a note cannot fake a highlight', async () => {
    const t = await core();
    await t.call('accounts.create', { name: 'Marker', notes: 'before \uE000fake\uE001 after gateway' });
    const [hit] = await t.call('search.query', { text: 'gateway' });
    expect(matched(hit)).toEqual(['gateway']);
    expect(hit?.snippet.map((s) => s.text).join('')).toContain('fake');
  });

  it('backfills records written before the search migration, the same as a rebuild from the declarations', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const before = MIGRATIONS.filter((m) => m.id < '0011_search');
    const old = await openStore({ dataDir: dir, migrations: before });
    const accountId = newId();
    old.write(() => {
      old.db
        .prepare(`INSERT INTO accounts (id, account_id, name, segment, tier, residency, clearance, stage, health, notes, created_at, updated_at)
                  VALUES (?, ?, 'Legacy Ltd', 'enterprise', 'standard', 'global', NULL, 'production', 'green', 'mainframe decommission', ?, ?)`)
        .run(accountId, accountId, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      old.db
        .prepare(`INSERT INTO accounts (id, account_id, name, segment, tier, residency, clearance, stage, health, notes, deleted, created_at, updated_at)
                  VALUES (@id, @id, 'Gone Ltd', 'enterprise', 'standard', 'global', NULL, 'production', 'green', 'mainframe too', 1, 'x', 'x')`)
        .run({ id: newId() });
    });
    // Written as the old build stored them: raw rows, no search documents.
    old.write(() => {
      old.db
        .prepare(`INSERT INTO contracts (id, account_id, tier, starts_on, ends_on, included_hours, hours_period, coverage, notes, created_at, updated_at)
                  VALUES (?, ?, 'premier', '2025-01-01', '2025-12-31', 10, 'month', '{"kind":"24x7"}', 'mainframe support', 'x', 'x')`)
        .run(newId(), accountId);
      old.db
        .prepare(`INSERT INTO time_entries (id, account_id, user_id, date, minutes, category, billable, note, source, status, created_at, updated_at)
                  VALUES (?, ?, 'me', '2025-05-06', 45, 'roadmap_review', 1, 'mainframe roadmap', 'manual', 'draft', 'x', 'x')`)
        .run(newId(), accountId);
    });
    old.close();

    const store = await openStore({ dataDir: dir });
    cleanups.push(() => store.close());
    const docs = () => store.db.prepare('SELECT tbl, row_id, account_id, kind, title, c0, c1, c2, c3 FROM search_docs ORDER BY tbl, row_id').all();
    const migrated = docs();
    expect(migrated.map((d) => (d as { title: string }).title)).toEqual(['Legacy Ltd', 'Contract 2025-01-01 to 2025-12-31', 'Time 2025-05-06, 0 h 45 min, roadmap review']);
    // The migration's frozen SQL produces what the declarations of these tables produce, and records them, so
    // they need no rebuild (tables declared searchable later do, once).
    // (0013 records the recipe of the tables declared since; it adds no documents here, there are no such rows).
    expect(ensureSearchIndex(store, searchSources())).toBe(false);
    rebuildSearchIndex(store, searchSources());
    expect(docs()).toEqual(migrated);
    expect((store.db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'mainframe'`).get() as { n: number }).n).toBe(3);
  });

  it('rebuilds once when the declared searchable data changes', async () => {
    const t = await core();
    await t.call('accounts.create', { name: 'Acme', notes: 'alpha' });
    const sources = searchSources();
    expect(ensureSearchIndex(t.core.store, sources)).toBe(false);
    const narrower = sources.map((s) => (s.table === 'accounts' ? { ...s, search: { ...s.search, columns: ['name'] } } : s));
    expect(searchRecipe(narrower)).not.toBe(searchRecipe(sources));
    expect(ensureSearchIndex(t.core.store, narrower)).toBe(true);
    expect(ftsRows(t, 'alpha')).toBe(0);
    expect(ensureSearchIndex(t.core.store, narrower)).toBe(false);
    expect(ensureSearchIndex(t.core.store, sources)).toBe(true);
    expect(ftsRows(t, 'alpha')).toBe(1);
  });

  it('applies pulled changes to the index: insert, update, delete (applyRemote)', async () => {
    const t = await core();
    const id = newId();
    const contracts = new ContractsRepo(t.core.store).table;
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const hlc = (wall: number) => encodeHlc({ wall: Date.now() + wall, counter: 0, device: 'remote0000000000' });
    const fields = Object.fromEntries(Object.entries({ ...CONTRACT, notes: 'escrow agreement signed' }).map(([k, v]) => [k, { value: v, hlc: hlc(1000) }]));
    t.core.store.write(() => contracts.applyRemote(id, acme.id, { ...fields, deleted: { value: false, hlc: hlc(1000) } }));
    expect((await t.call('search.query', { text: 'escrow' })).map((h) => h.id)).toEqual([id]);
    t.core.store.write(() => contracts.applyRemote(id, acme.id, { notes: { value: 'source code deposit', hlc: hlc(2000) } }));
    expect(await t.call('search.query', { text: 'escrow' })).toEqual([]);
    expect((await t.call('search.query', { text: 'deposit' })).map((h) => h.id)).toEqual([id]);
    // An older change loses and leaves the index alone.
    t.core.store.write(() => contracts.applyRemote(id, acme.id, { notes: { value: 'stale words', hlc: hlc(1500) } }));
    expect(await t.call('search.query', { text: 'stale' })).toEqual([]);
    t.core.store.write(() => contracts.applyRemote(id, acme.id, { deleted: { value: true, hlc: hlc(3000) } }));
    expect(await t.call('search.query', { text: 'deposit' })).toEqual([]);
    // A record first seen as a tombstone gets no document.
    const ghost = newId();
    t.core.store.write(() => contracts.applyRemote(ghost, acme.id, { ...fields, deleted: { value: true, hlc: hlc(1000) } }));
    expect(await t.call('search.query', { text: 'escrow' })).toEqual([]);
  });
});

describe('search over the engagement workspace', () => {
  let cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups = [];
  });

  /** One account with a record of every workspace kind, each holding the word `word` once. */
  const seed = async (call: Core['call'], word: string) => {
    const acme = await call('accounts.create', { name: 'Acme' });
    const incident = await call('incidents.open', { accountId: acme.id, severity: 1, summary: `Checkout ${word} outage` });
    const engagement = await call('engagements.create', {
      accountId: acme.id,
      kind: 'weekly_call',
      occurredAt: '2026-03-02T15:00:00Z',
      title: 'Weekly call',
      notes: `Discussed the ${word} rollout`,
    });
    const review = await call('reviews.create', {
      accountId: acme.id,
      date: '2026-03-03',
      title: 'Spring roadmap',
      notes: `They want ${word} by summer`,
      asks: [{ title: `Faster ${word}`, priority: 'high', impact: 'high' }],
      commitments: [{ title: 'Send the design doc', owner: 'Dana' }],
    });
    const action = await call('actions.create', { accountId: acme.id, title: 'Book the workshop', owner: 'Dana', notes: `Bring the ${word} slides` });
    await call('adoption.set', { accountId: acme.id, capability: 'k8s-operator', status: 'adopted', note: `Live with ${word}`, on: '2026-03-04' });
    const contact = await call('contacts.create', { accountId: acme.id, name: 'Ines Ortega', title: 'CTO', email: 'ines@acme.example', notes: `Owns the ${word} budget` });
    const lifecycle = await call('lifecycle.move', { accountId: acme.id, to: 'onboarding', note: `Kick-off covered ${word}` });
    return { acme, incident, engagement, review, action, contact, lifecycle };
  };

  it('finds each kind of record and says which tab opens it and what that tab brings into view', async () => {
    const t = await testCore();
    cleanups.push(t.close);
    const { acme, incident, engagement, review, action, contact } = await seed(t.call, 'zeppelin');
    const hits = await t.call('search.query', { text: 'zeppelin', limit: 50 });
    const byKind = new Map(hits.map((h) => [h.kind, h]));
    expect([...byKind.keys()].sort()).toEqual(['action_item', 'adoption_note', 'contact', 'engagement', 'handoff', 'incident', 'review', 'review_item']);
    for (const hit of hits) {
      expect(hit.accountId).toBe(acme.id);
      expect(matched(hit)?.map((m) => m.toLowerCase())).toContain('zeppelin');
    }
    expect(byKind.get('incident')).toMatchObject({ id: incident.incident.id, tab: 'incidents', focus: incident.incident.id, title: 'Sev 1: Checkout zeppelin outage', kindLabel: 'Incident' });
    expect(byKind.get('engagement')).toMatchObject({ id: engagement.id, tab: 'engagements', focus: engagement.id, title: 'Weekly call' });
    expect(byKind.get('review')).toMatchObject({ id: review.id, tab: 'reviews', focus: review.id, title: 'Spring roadmap' });
    // An ask opens its review: the Reviews tab shows one review, not one ask.
    const ask = review.asks[0];
    expect(byKind.get('review_item')).toMatchObject({ id: ask?.id, tab: 'reviews', focus: review.id, title: 'Ask: Faster zeppelin' });
    expect(byKind.get('action_item')).toMatchObject({ id: action.id, tab: 'actions', focus: action.id });
    expect(byKind.get('adoption_note')).toMatchObject({ tab: 'adoption', focus: 'k8s-operator', title: 'Kubernetes operator: adopted' });
    expect(byKind.get('contact')).toMatchObject({ id: contact.id, tab: 'team', focus: contact.id, title: 'Ines Ortega' });
    expect(byKind.get('handoff')).toMatchObject({ tab: 'lifecycle', title: 'Hand-off: pre sales → onboarding' });
    // The kind filter takes the new kinds.
    expect((await t.call('search.query', { text: 'zeppelin', kinds: ['review', 'review_item'] })).map((h) => h.kind).sort()).toEqual(['review', 'review_item']);
    // A commitment is found by its owner.
    expect(titles(await t.call('search.query', { text: 'design doc' }))).toEqual(['Commitment: Send the design doc']);
  });

  it('follows edits and deletes of the new kinds; deleted records never show', async () => {
    const t = await testCore();
    cleanups.push(t.close);
    const { incident, engagement, review, action, contact } = await seed(t.call, 'zeppelin');
    await t.call('incidents.update', { id: incident.incident.id, patch: { summary: 'Checkout latency' } });
    await t.call('engagements.delete', { id: engagement.id });
    await t.call('reviews.delete', { id: review.id });
    await t.call('actions.delete', { id: action.id });
    await t.call('contacts.delete', { id: contact.id });
    const left = (await t.call('search.query', { text: 'zeppelin', limit: 50 })).map((h) => h.kind).sort();
    // The asks and commitments of a deleted review stay in the index but never show (their review is gone).
    expect(left).toEqual(['adoption_note', 'handoff']);
    await t.call('reviews.restore', { id: review.id });
    expect((await t.call('search.query', { text: 'zeppelin', kinds: ['review_item'] })).map((h) => h.focus)).toEqual([review.id]);
    expect(titles(await t.call('search.query', { text: 'latency' }))).toEqual(['Sev 1: Checkout latency']);
    await t.call('contacts.restore', { id: contact.id });
    expect(titles(await t.call('search.query', { text: 'zeppelin', kinds: ['contact'] }))).toEqual(['Ines Ortega']);
  });

  it("retitles an adoption note's hit when its capability is renamed, removed, restored, or renamed by a pulled change", async () => {
    const t = await testCore();
    cleanups.push(t.close);
    await seed(t.call, 'zeppelin');
    const noteTitle = async () => titles(await t.call('search.query', { text: 'zeppelin', kinds: ['adoption_note'] }));
    expect(await noteTitle()).toEqual(['Kubernetes operator: adopted']);
    await t.call('profile.save', { name: 'Mia Manager', email: 'mia@vendor.example', role: 'manager', homeRegion: 'uk', timeZone: 'Europe/London' });
    const capability = (await t.call('adoption.capabilities', undefined)).find((c) => c.code === 'k8s-operator');
    if (!capability) throw new Error('the catalog seeds k8s-operator');
    await t.call('adoption.saveCapability', { id: capability.id, code: 'k8s-operator', name: 'Cluster operator', category: capability.category, description: capability.description, weight: capability.weight });
    expect(await noteTitle()).toEqual(['Cluster operator: adopted']);
    // Removed from the catalog, the note names its code; restored, its name again.
    await t.call('adoption.deleteCapability', { code: 'k8s-operator' });
    expect(await noteTitle()).toEqual(['k8s-operator: adopted']);
    await t.call('adoption.restoreCapability', { code: 'k8s-operator' });
    expect(await noteTitle()).toEqual(['Cluster operator: adopted']);
    // Renamed on another device: the pulled change retitles it too.
    const capabilities = new SyncedTable(t.core.store, CAPABILITIES_SPEC);
    const hlc = encodeHlc({ wall: Date.now() + 60_000, counter: 0, device: 'remote0000000000' });
    t.core.store.write(() => capabilities.applyRemote(capability.id, 'org', { name: { value: 'Operator for Kubernetes', hlc } }));
    expect(await noteTitle()).toEqual(['Operator for Kubernetes: adopted']);
  });

  it('backfills workspace records written before they were searchable (migration 0013), as a rebuild would', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const old = await testCore(dir);
    await seed(old.call, 'zeppelin');
    // As a build before 0013 left it: no documents for the workspace tables, the old recipe, 0013 not applied.
    old.core.store.write(() => {
      old.core.store.db.prepare(`DELETE FROM search_docs WHERE tbl NOT IN ('accounts', 'contracts', 'time_entries')`).run();
      old.core.store.db.prepare(`DELETE FROM schema_migrations WHERE id = '0013_search_workspace'`).run();
      old.core.store.db.prepare(`UPDATE local_meta SET value = 'before 0013' WHERE key = 'search_recipe'`).run();
    });
    old.close();

    const store = await openStore({ dataDir: dir });
    cleanups.push(() => store.close());
    const docs = () => store.db.prepare('SELECT tbl, row_id, account_id, kind, title, c0, c1, c2, c3 FROM search_docs ORDER BY tbl, row_id').all();
    const migrated = docs();
    expect(new Set(migrated.map((d) => (d as { tbl: string }).tbl)).size).toBe(9);
    expect((store.db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'zeppelin'`).get() as { n: number }).n).toBe(8);
    // The frozen SQL and recipe equal what this build's declarations give: no rebuild at the next open.
    expect(ensureSearchIndex(store, searchSources())).toBe(false);
    rebuildSearchIndex(store, searchSources());
    expect(docs()).toEqual(migrated);
  });
});

describe('search across devices through a real server', () => {
  let server: TestServer;
  const clients: Client[] = [];
  afterEach(async () => {
    while (clients.length) clients.pop()?.close();
    await server.close();
  });
  const make = async (email: string) => {
    const c = await device(server, email);
    clients.push(c);
    return c;
  };

  it('finds pulled records, follows pulled edits and deletes, and forgets a revoked account', async () => {
    server = await startTestServer(sqliteBackend);
    const owner = await make('owner@example.com');
    const reader = await make('reader@example.com');
    const acme = await owner.call('accounts.create', { name: 'Acme', notes: 'Datacenter move in Q3' });
    await owner.sync();
    await server.store.grant({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id, 'read');
    await reader.sync();
    expect(titles(await reader.call('search.query', { text: 'datacenter' }))).toEqual(['Acme']);

    await owner.call('accounts.update', { id: acme.id, patch: { notes: 'Colocation contract renewed' } });
    await owner.sync();
    await reader.sync();
    expect(await reader.call('search.query', { text: 'datacenter' })).toEqual([]);
    expect(titles(await reader.call('search.query', { text: 'colocation' }))).toEqual(['Acme']);

    await server.store.revoke({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id);
    expect(await reader.sync()).toMatchObject({ revoked: [acme.id] });
    expect(await reader.call('search.query', { text: 'colocation' })).toEqual([]);
    expect(reader.core.store.db.prepare('SELECT count(*) AS n FROM search_docs').get()).toEqual({ n: 0 });
    expect(reader.core.store.db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'colocation'`).get()).toEqual({ n: 0 });

    await owner.call('accounts.delete', { id: acme.id });
    await owner.sync();
    expect(await owner.call('search.query', { text: 'colocation' })).toEqual([]);
  });

  it('a remote delete removes the record from the index of another device', async () => {
    server = await startTestServer(sqliteBackend);
    const a = await make('dana@example.com');
    const b = await make('dana@example.com');
    const acme = await a.call('accounts.create', { name: 'Acme', notes: 'sandbox tenant' });
    await a.sync();
    await b.sync();
    expect(titles(await b.call('search.query', { text: 'sandbox' }))).toEqual(['Acme']);
    await a.call('accounts.delete', { id: acme.id });
    await a.sync();
    await b.sync();
    expect(await b.call('search.query', { text: 'sandbox' })).toEqual([]);
    await a.call('accounts.restore', { id: acme.id });
    await a.sync();
    await b.sync();
    expect(titles(await b.call('search.query', { text: 'sandbox' }))).toEqual(['Acme']);
  });

  it('workspace records: pulled ones are found, a pulled delete hides them and their asks, a revoked account is forgotten', async () => {
    server = await startTestServer(sqliteBackend);
    const owner = await make('owner@example.com');
    const reader = await make('reader@example.com');
    const acme = await owner.call('accounts.create', { name: 'Acme' });
    const incident = await owner.call('incidents.open', { accountId: acme.id, severity: 2, summary: 'Gateway brownout' });
    const review = await owner.call('reviews.create', {
      accountId: acme.id,
      date: '2026-03-03',
      title: 'Roadmap',
      asks: [{ title: 'Brownout alerts', priority: 'high', impact: 'medium' }],
    });
    await owner.call('contacts.create', { accountId: acme.id, name: 'Brook Lee', notes: 'brownout escalation contact' });
    await owner.sync();
    await server.store.grant({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id, 'read');
    await reader.sync();
    const kinds = async () => (await reader.call('search.query', { text: 'brownout' })).map((h) => h.kind).sort();
    expect(await kinds()).toEqual(['contact', 'incident', 'review_item']);
    expect((await reader.call('search.query', { text: 'gateway' }))[0]).toMatchObject({ id: incident.incident.id, tab: 'incidents', focus: incident.incident.id });

    await owner.call('reviews.delete', { id: review.id });
    await owner.call('incidents.update', { id: incident.incident.id, patch: { summary: 'Gateway fixed' } });
    await owner.sync();
    await reader.sync();
    expect(await kinds()).toEqual(['contact']);

    await server.store.revoke({ type: 'user', id: (reader as unknown as { userId: string }).userId }, acme.id);
    expect(await reader.sync()).toMatchObject({ revoked: [acme.id] });
    expect(await reader.call('search.query', { text: 'brownout' })).toEqual([]);
    expect(reader.core.store.db.prepare('SELECT count(*) AS n FROM search_docs').get()).toEqual({ n: 0 });
    expect(reader.core.store.db.prepare(`SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH 'gateway'`).get()).toEqual({ n: 0 });
  });

  it('a revoked device forgets everything it had indexed', async () => {
    server = await startTestServer(sqliteBackend);
    const laptop = await make('dana@example.com');
    const acme = await laptop.call('accounts.create', { name: 'Acme', notes: 'vpn concentrator' });
    laptop.core.store.write(() => new SyncedTable(laptop.core.store, TIME_ENTRIES_SPEC).insert(newId(), acme.id, { ...TIME_ENTRY, note: 'vpn rollout' }));
    await laptop.sync();
    expect(await laptop.call('search.query', { text: 'vpn' })).toHaveLength(2);
    const registered = await server.store.deviceByTokenHash(hashToken((laptop as unknown as { token: string }).token));
    await server.store.revokeDevice(registered?.id ?? '');
    await expect(laptop.sync()).rejects.toMatchObject({ details: { reason: 'device_revoked' } });
    expect(await laptop.call('search.query', { text: 'vpn' })).toEqual([]);
    expect(laptop.core.store.db.prepare('SELECT count(*) AS n FROM search_docs').get()).toEqual({ n: 0 });
  });
});

