import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { exportReview, reviewFilename } from '../../core/io/reviewExport';
import { inline, reviewMarkdown } from '../../core/io/reviewMarkdown';
import { reviewPdf } from '../../core/io/reviewPdf';
import type { Account, ReviewDetail } from '../../core/model';

const ACCOUNT: Account = {
  id: '01a21c31-425c-76f9-b81a-fb25c8f3b0e1',
  name: 'Zoë & Ångström GmbH',
  segment: 'enterprise',
  tier: 'premier',
  residency: 'eu',
  clearance: null,
  stage: 'production',
  health: 'green',
  notes: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const base = { reviewId: 'r1', accountId: ACCOUNT.id, actionItemId: null };
const REVIEW: ReviewDetail = {
  id: 'r1',
  accountId: ACCOUNT.id,
  date: '2026-03-12',
  title: 'Q1 roadmap review',
  attendees: [
    { name: 'Jane Doe', side: 'customer', refId: null },
    { name: 'Дмитрий Иванов', side: 'customer', refId: null },
    { name: 'Dana Field', side: 'vendor', refId: null },
  ],
  agenda: '1. H2 roadmap\n2. Migration plan',
  notes: 'Jane wants SSO before the audit in June.\nΣ: budget approved.',
  asks: [
    { ...base, id: 'a1', position: 0, title: 'SSO via SAML | OIDC', detail: 'Needed for the *June* audit.', priority: 'high', impact: 'critical', status: 'open' },
    { ...base, id: 'a2', position: 1, title: 'Audit log export', detail: '', priority: 'medium', impact: 'high', status: 'planned' },
  ],
  commitments: [
    { ...base, id: 'c1', position: 0, title: 'Send the migration runbook', owner: 'Dana Field', ownerRef: null, due: '2026-03-20' },
    { ...base, id: 'c2', position: 1, title: 'Share the SSO design', owner: 'Jane Doe', ownerRef: null, due: null },
  ],
  createdAt: '2026-03-12T10:00:00.000Z',
  updatedAt: '2026-03-12T11:00:00.000Z',
};

/** The text of every page, in reading order, one string per page. */
async function pdfText(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

describe('review export: Markdown', () => {
  it('writes every section in meeting order, with tables for asks and commitments', () => {
    const md = reviewMarkdown(REVIEW, ACCOUNT);
    const sections = md.split(/^## /m).map((s) => s.trim());
    expect(sections[0]).toBe('# Q1 roadmap review: Zoë & Ångström GmbH\n\n**Date:** 2026-03-12');
    expect(sections[1]).toBe('Attendees\n\n- **Zoë & Ångström GmbH:** Jane Doe, Дмитрий Иванов\n- **Our team:** Dana Field');
    expect(sections[2]).toBe('Agenda\n\n1. H2 roadmap\n2. Migration plan');
    expect(sections[3]).toBe(
      [
        'Asks',
        '',
        '| # | Ask | Priority | Business impact | Status |',
        '| --: | --- | --- | --- | --- |',
        '| 1 | SSO via SAML \\| OIDC | High | Critical | Open |',
        '| 2 | Audit log export | Medium | High | Planned |',
        '',
        'Details:',
        '',
        '- **1. SSO via SAML \\| OIDC:** Needed for the \\*June\\* audit.',
      ].join('\n'),
    );
    expect(sections[4]).toBe(
      [
        'Commitments',
        '',
        '| # | Commitment | Owner | Due |',
        '| --: | --- | --- | --- |',
        '| 1 | Send the migration runbook | Dana Field | 2026-03-20 |',
        '| 2 | Share the SSO design | Jane Doe | No date |',
      ].join('\n'),
    );
    expect(sections[5]).toBe('Notes\n\nJane wants SSO before the audit in June.\nΣ: budget approved.');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('says so when a section is empty', () => {
    const md = reviewMarkdown({ ...REVIEW, attendees: [], agenda: '  ', notes: '', asks: [], commitments: [] }, ACCOUNT);
    for (const line of ['No attendees were recorded.', 'No agenda was recorded.', 'No asks were recorded.', 'No commitments were recorded.', 'No notes were recorded.']) {
      expect(md).toContain(`\n${line}\n`);
    }
  });

  it('keeps names and titles from being read as formatting', () => {
    expect(inline('a|b *c* _d_ [e](f) <g>\n# h')).toBe('a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\# h');
  });
});

describe('review export: PDF', () => {
  it('carries the asks, commitments and non-Latin names as text (the font is embedded)', async () => {
    const pdf = await reviewPdf(REVIEW, ACCOUNT);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/DejaVuSans/);
    const text = (await pdfText(pdf)).join(' ');
    for (const expected of [
      'Q1 roadmap review: Zoë & Ångström GmbH',
      'Дмитрий Иванов',
      'SSO via SAML | OIDC',
      'Audit log export',
      'Critical',
      'Planned',
      'Send the migration runbook',
      '2026-03-20',
      'Share the SSO design',
      'No date',
      'Σ: budget approved.',
    ]) {
      expect(text).toContain(expected);
    }
  }, 30_000);

  it('flows a long review over pages, repeating the table header and numbering the pages', async () => {
    const asks = Array.from({ length: 70 }, (_, i) => ({ ...REVIEW.asks[1]!, id: `a${i}`, position: i, title: `Ask number ${i + 1}` }));
    const pages = await pdfText(await reviewPdf({ ...REVIEW, asks }, ACCOUNT));
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join(' ');
    for (let i = 1; i <= 70; i += 1) expect(all).toContain(`Ask number ${i} `);
    expect(pages[1]).toContain('Business impact');
    expect(pages.at(-1)).toContain(`page ${pages.length} of ${pages.length}`);
  }, 60_000);

  it('exports with a safe file name and the right encoding', async () => {
    expect(reviewFilename(REVIEW, ACCOUNT, 'pdf')).toBe('roadmap-review-zoe-angstrom-gmbh-2026-03-12.pdf');
    const md = await exportReview(REVIEW, ACCOUNT, 'md');
    expect(md).toMatchObject({ encoding: 'utf8', mimeType: 'text/markdown; charset=utf-8', filename: 'roadmap-review-zoe-angstrom-gmbh-2026-03-12.md' });
    const pdf = await exportReview(REVIEW, ACCOUNT, 'pdf');
    expect(pdf.encoding).toBe('base64');
    expect(Buffer.from(pdf.content, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
