import { ASK_LEVEL_LABELS, ASK_STATUS_LABELS } from '../model';
import type { Account, Attendee, ReviewDetail } from '../model';

/**
 * A roadmap review as Markdown, to share with the customer: everything recorded, in the order of the meeting.
 * Names and titles are escaped (they are data, not formatting); agenda and notes are the author's own text and
 * keep their line breaks and any Markdown they wrote.
 */

/** Inline text: collapsed onto one line, with the characters Markdown would read as formatting escaped. */
export function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '--:' : '---'))), ...rows.map(line)].join('\n');
}

function attendeeLines(attendees: readonly Attendee[], accountName: string): string {
  if (attendees.length === 0) return 'No attendees were recorded.';
  const names = (side: Attendee['side']) => attendees.filter((a) => a.side === side).map((a) => inline(a.name));
  const lines: string[] = [];
  const customer = names('customer');
  const vendor = names('vendor');
  if (customer.length > 0) lines.push(`- **${inline(accountName)}:** ${customer.join(', ')}`);
  if (vendor.length > 0) lines.push(`- **Our team:** ${vendor.join(', ')}`);
  return lines.join('\n');
}

function block(text: string, empty: string): string {
  const trimmed = text.trim();
  return trimmed === '' ? empty : trimmed.replace(/\r\n?/g, '\n');
}

export function reviewMarkdown(review: ReviewDetail, account: Account): string {
  const parts: string[] = [`# ${inline(review.title)}: ${inline(account.name)}`, `**Date:** ${review.date}`];

  parts.push('## Attendees', attendeeLines(review.attendees, account.name));
  parts.push('## Agenda', block(review.agenda, 'No agenda was recorded.'));

  parts.push('## Asks');
  if (review.asks.length === 0) {
    parts.push('No asks were recorded.');
  } else {
    parts.push(
      table(
        ['#', 'Ask', 'Priority', 'Business impact', 'Status'],
        review.asks.map((a, i) => [String(i + 1), inline(a.title), ASK_LEVEL_LABELS[a.priority], ASK_LEVEL_LABELS[a.impact], ASK_STATUS_LABELS[a.status]]),
      ),
    );
    const details = review.asks.map((a, i) => (a.detail.trim() === '' ? null : `- **${i + 1}. ${inline(a.title)}:** ${inline(a.detail)}`)).filter((d) => d !== null);
    if (details.length > 0) parts.push('Details:', details.join('\n'));
  }

  parts.push('## Commitments');
  parts.push(
    review.commitments.length === 0
      ? 'No commitments were recorded.'
      : table(
          ['#', 'Commitment', 'Owner', 'Due'],
          review.commitments.map((c, i) => [String(i + 1), inline(c.title), inline(c.owner), c.due ?? 'No date']),
        ),
  );

  parts.push('## Notes', block(review.notes, 'No notes were recorded.'));
  return `${parts.join('\n\n')}\n`;
}
