import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { askKey } from '../../core/model';
import type { AskDraft } from '../../core/model';
import { testCore } from './helpers';
import type { TypedCall } from './helpers';

/**
 * The portfolio ranking on a fixture computed by hand. Five accounts (Echo is deleted), asks written with
 * different case and punctuation. Rules (core/model/reviews.ts rankAsks): group by normalised title; each
 * account counts once with its most recent ask; accounts whose latest ask is delivered/declined drop out;
 * rank by accounts asking, then highest priority, then highest impact, then title.
 *
 *   group               accounts (latest ask: priority/impact)                    count  top P     top I
 *   sso via saml        Alpha low/low (its older high/medium is superseded),      3      medium    critical
 *                       Bravo low/low, Charlie medium/critical
 *   audit log export    Alpha critical/high, Delta critical/low                   2      critical  high
 *   dark mode           Bravo critical/critical                                   1      critical  critical
 *   terraform provider  Delta high/high                                           1      high      high
 *   backup api          Alpha high/medium                                         1      high      medium
 *   gpu quotas          Charlie: latest delivered (low/low) → left out; with includeClosed: 1, low, low (last)
 *   Echo's "SSO via SAML" (account deleted) and a deleted review's "Dark mode" count for nothing.
 */
let call: TypedCall;
let close: () => void;

const ask = (title: string, priority: AskDraft['priority'], impact: AskDraft['impact'], status: AskDraft['status'] = 'open'): AskDraft => ({
  title,
  priority,
  impact,
  status,
});

beforeEach(async () => {
  ({ call, close } = await testCore());
  const account = async (name: string) => (await call('accounts.create', { name })).id;
  const [alpha, bravo, charlie, delta, echo] = [await account('Alpha'), await account('Bravo'), await account('Charlie'), await account('Delta'), await account('Echo')];
  const review = (accountId: string, date: string, asks: AskDraft[]) => call('reviews.create', { accountId, date, asks });

  await review(alpha, '2026-01-10', [ask('SSO via SAML', 'high', 'medium'), ask('Audit log export', 'critical', 'high')]);
  await review(alpha, '2026-03-02', [ask('Backup API', 'high', 'medium'), ask('sso via SAML', 'low', 'low')]);
  await review(bravo, '2026-02-01', [ask('SSO via SAML!', 'low', 'low'), ask('Dark mode', 'critical', 'critical')]);
  await review(charlie, '2026-01-20', [ask('SSO — via SAML', 'medium', 'critical'), ask('GPU quotas', 'critical', 'low')]);
  await review(charlie, '2026-02-20', [ask('GPU quotas', 'low', 'low', 'delivered')]);
  await review(delta, '2026-02-15', [ask('Audit log export', 'critical', 'low'), ask('Terraform provider', 'high', 'high')]);
  const deletedReview = await review(delta, '2026-02-16', [ask('Dark mode', 'critical', 'critical')]);
  await call('reviews.delete', { id: deletedReview.id });
  await review(echo, '2026-03-01', [ask('SSO via SAML', 'critical', 'critical')]);
  await call('accounts.delete', { id: echo });
});
afterEach(() => close());

describe('ranking asks across accounts', () => {
  it('ranks by accounts asking, then priority, then business impact, as computed by hand', async () => {
    const ranked = await call('reviews.rankAsks', {});
    expect(ranked.map((r) => [r.key, r.accountCount, r.topPriority, r.topImpact])).toEqual([
      ['sso via saml', 3, 'medium', 'critical'],
      ['audit log export', 2, 'critical', 'high'],
      ['dark mode', 1, 'critical', 'critical'],
      ['terraform provider', 1, 'high', 'high'],
      ['backup api', 1, 'high', 'medium'],
    ]);
  });

  it('drills into the asking accounts, most pressing first, each with what it said most recently', async () => {
    const [sso] = await call('reviews.rankAsks', {});
    expect(sso?.title).toBe('sso via SAML');
    expect(sso?.accounts.map((a) => [a.accountName, a.priority, a.impact, a.reviewDate])).toEqual([
      ['Charlie', 'medium', 'critical', '2026-01-20'],
      ['Alpha', 'low', 'low', '2026-03-02'],
      ['Bravo', 'low', 'low', '2026-02-01'],
    ]);
  });

  it('brings settled asks back on request', async () => {
    const ranked = await call('reviews.rankAsks', { includeClosed: true });
    expect(ranked.at(-1)).toMatchObject({ key: 'gpu quotas', accountCount: 1, topPriority: 'low', topImpact: 'low' });
    expect(ranked.at(-1)?.accounts[0]).toMatchObject({ accountName: 'Charlie', status: 'delivered' });
  });

  it('groups titles regardless of case, accents, punctuation and spacing', () => {
    expect(askKey('  SSO — via  SAML! ')).toBe('sso via saml');
    expect(askKey('Zoë’s résumé export')).toBe(askKey('zoe s resume EXPORT'));
    expect(askKey('SSO via SAML')).not.toBe(askKey('SSO via OIDC'));
  });
});
