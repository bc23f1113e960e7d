import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import type { ActionItemView, ReviewDetail, ReviewSummary } from '../../core/model';
import { tempDir } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** A data folder with a profile (Dana) and one account; returns the folder and the account id. */
async function prepared(): Promise<{ dir: string; account: string; run: (...args: string[]) => ReturnType<typeof cli> }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const run = (...args: string[]) => cli(['--data-dir', t.dir, ...args]);
  const { openCore } = await import('../../core/api/core');
  const core = await openCore({ dataDir: t.dir, host: 'in-process', watchIntervalMs: 0 });
  await core.dispatcher.dispatch('profile.save', { name: 'Dana Field', email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
  core.close();
  const account = (JSON.parse((await run('accounts', 'add', '--name', 'Contoso Bank')).out) as { id: string }).id;
  return { dir: t.dir, account, run };
}

const REVIEW_ARGS = [
  '--date',
  '2026-03-12',
  '--attendee',
  'Jane Doe',
  '--attendee',
  'Dana Field|vendor',
  '--agenda',
  'H2 roadmap',
  '--ask',
  'SSO via SAML|high|critical',
  '--ask',
  'Audit log export|medium|high|planned',
  '--commitment',
  'Send the migration runbook|Dana Field|2026-03-20',
];

// Each case runs several commands, each opening the data folder; a loaded machine needs the room.
describe('fieldbook reviews and actions', { timeout: 60_000 }, () => {
  it('records a review with asks and commitments, lists it, and follows up a commitment', async () => {
    const { account, run } = await prepared();
    const added = await run('reviews', 'add', '--account', account, ...REVIEW_ARGS, '--json');
    expect(added).toMatchObject({ code: 0, err: '' });
    const review = JSON.parse(added.out) as ReviewDetail;
    expect(review.attendees).toEqual([
      { name: 'Jane Doe', side: 'customer', refId: null },
      { name: 'Dana Field', side: 'vendor', refId: null },
    ]);
    expect(review.asks.map((a) => [a.title, a.priority, a.impact, a.status])).toEqual([
      ['SSO via SAML', 'high', 'critical', 'open'],
      ['Audit log export', 'medium', 'high', 'planned'],
    ]);
    expect(review.commitments.map((c) => [c.title, c.owner, c.due])).toEqual([['Send the migration runbook', 'Dana Field', '2026-03-20']]);

    const listed = JSON.parse((await run('reviews', 'list', '--account', account, '--json')).out) as ReviewSummary[];
    expect(listed).toEqual([expect.objectContaining({ id: review.id, askCount: 2, commitmentCount: 1 })]);
    expect((await run('reviews', 'list', '--account', account)).out).toMatch(/^DATE\s+TITLE\s+ASKS\s+COMMITMENTS\s+ID\n2026-03-12\s+Roadmap review\s+2\s+1\s+/);

    const follow = await run('reviews', 'follow-up', review.commitments[0]!.id, '--json');
    expect(JSON.parse(follow.out)).toMatchObject({ title: 'Send the migration runbook', owner: 'Dana Field', due: '2026-03-20', source: { table: 'review_items', id: review.commitments[0]!.id } });
    expect((await run('reviews', 'follow-up', review.commitments[0]!.id)).err).toMatch(/This commitment already has an action item\./);
  });

  it('exports a review as Markdown and as PDF into the file named, and refuses a missing folder', async () => {
    const { dir, account, run } = await prepared();
    const review = JSON.parse((await run('reviews', 'add', '--account', account, ...REVIEW_ARGS, '--json')).out) as ReviewDetail;
    const md = join(dir, 'review.md');
    expect(await run('reviews', 'export', review.id, '--format', 'md', '--out', md)).toMatchObject({ code: 0 });
    expect(readFileSync(md, 'utf8')).toContain('| 1 | SSO via SAML | High | Critical | Open |');

    const pdfPath = join(dir, 'review.pdf');
    expect((await run('reviews', 'export', review.id, '--format', 'pdf', '--out', pdfPath)).out).toMatch(/^Wrote .*review\.pdf \([\d,]+ bytes\)\./);
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdfPath)), isEvalSupported: false }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(' ');
    await doc.destroy();
    expect(text).toContain('Send the migration runbook');
    expect(text).toContain('Audit log export');

    const missing = await run('reviews', 'export', review.id, '--format', 'pdf', '--out', join(dir, 'nope', 'review.pdf'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Cannot write .*review\.pdf: the folder .*nope does not exist\./);
    expect((await run('reviews', 'export', review.id, '--format', 'docx', '--out', md)).err).toMatch(/Unknown format "docx": use md or pdf\./);
    // No temporary file is left behind by any of it.
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('refuses bad input with a clear message and a non-zero exit, writing nothing', async () => {
    const { account, run } = await prepared();
    const attempts: Array<[string[], RegExp, number]> = [
      [['reviews', 'add', '--account', account], /reviews add needs --account ID and --date YYYY-MM-DD\./, 2],
      [['reviews', 'add', '--account', account, '--date', '2026-02-30'], /Review date must be a real date written YYYY-MM-DD\./, 2],
      [['reviews', 'add', '--account', account, ...REVIEW_ARGS, '--ask', 'Dark mode|urgent|high'], /--ask "Dark mode\|urgent\|high": Choose a priority: critical, high, medium or low\./, 2],
      [['reviews', 'add', '--account', account, ...REVIEW_ARGS, '--ask', 'Dark mode'], /--ask "Dark mode": write "title\|priority\|impact"/, 2],
      [['reviews', 'add', '--account', account, ...REVIEW_ARGS, '--commitment', 'Runbook|Dana|next week'], /Due date must be a real date/, 2],
      [['reviews', 'add', '--account', account, ...REVIEW_ARGS, '--attendee', 'Jane|partner'], /--attendee "Jane\|partner": write NAME, or NAME\|customer or NAME\|vendor\./, 2],
      [['reviews', 'add', '--account', '01a21c31-425c-76f9-b81a-fb25c8f3b0e1', '--date', '2026-03-12'], /That account does not exist\./, 1],
      [['reviews', 'add', '--account', 'acme', '--date', '2026-03-12'], /Not a valid record id\./, 2],
      [['reviews', 'frobnicate'], /Unknown command "reviews frobnicate"\./, 2],
      [['actions', 'add', '--account', account], /actions add needs --account ID and --title T\./, 2],
      [['actions', 'add', '--account', account, '--title', 'Call', '--due', 'tomorrow'], /Due date must be a real date/, 2],
      [['actions', 'done', '01a21c31-425c-76f9-b81a-fb25c8f3b0e1'], /That action item does not exist\./, 1],
    ];
    for (const [args, message, code] of attempts) {
      const result = await run(...args);
      expect({ args, code: result.code, out: result.out }).toEqual({ args, code, out: '' });
      expect(result.err).toMatch(message);
    }
    expect(JSON.parse((await run('reviews', 'list', '--account', account, '--json')).out)).toEqual([]);
    expect(JSON.parse((await run('actions', 'list', '--json')).out)).toEqual([]);
  });

  it('adds action items, lists mine and overdue ones first, and marks one done', async () => {
    const { account, run } = await prepared();
    const add = async (...args: string[]) => JSON.parse((await run('actions', 'add', '--account', account, ...args, '--json')).out) as ActionItemView;
    const later = await add('--title', 'Book the QBR room', '--due', '2999-01-01');
    const overdue = await add('--title', 'Send the runbook', '--due', '2000-01-01');
    await add('--title', 'Jane’s follow-up', '--owner', 'Jane Doe', '--due', '2000-01-01');
    expect(later.owner).toBe('Dana Field');

    const mine = JSON.parse((await run('actions', 'list', '--mine', '--json')).out) as ActionItemView[];
    expect(mine.map((a) => [a.title, a.overdue])).toEqual([
      ['Send the runbook', true],
      ['Book the QBR room', false],
    ]);
    const overdueOnly = JSON.parse((await run('actions', 'list', '--mine', '--overdue', '--json')).out) as ActionItemView[];
    expect(overdueOnly.map((a) => a.id)).toEqual([overdue.id]);
    expect((await run('actions', 'list')).out).toMatch(/2000-01-01 \(overdue\)\s+Open\s+Send the runbook\s+Contoso Bank\s+Dana Field/);

    expect(await run('actions', 'done', overdue.id)).toMatchObject({ code: 0, out: 'Done: Send the runbook\n' });
    expect((JSON.parse((await run('actions', 'list', '--mine', '--json')).out) as ActionItemView[]).map((a) => a.title)).toEqual(['Book the QBR room']);
    const all = JSON.parse((await run('actions', 'list', '--mine', '--all', '--json')).out) as ActionItemView[];
    expect(all.find((a) => a.id === overdue.id)?.status).toBe('done');
  });

  it('leaves no data folder behind for a usage mistake of a folder that did not exist', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const dir = join(t.dir, 'fresh');
    const result = await cli(['--data-dir', dir, 'actions', 'list', '--colour', 'red']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/Unknown option '--colour'/);
    expect(existsSync(join(dir, 'fieldbook.db'))).toBe(false);
  });
});
