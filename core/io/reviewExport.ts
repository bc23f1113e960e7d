import type { Account, ExportedFile, ReviewDetail, ReviewExportFormat } from '../model';
import { reviewMarkdown } from './reviewMarkdown';

/** A file name that is safe on every file system and says what it holds: roadmap-review-acme-gmbh-2026-03-12.md */
export function reviewFilename(review: ReviewDetail, account: Account, format: ReviewExportFormat): string {
  const slug = account.name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `roadmap-review-${slug === '' ? 'account' : slug}-${review.date}.${format}`;
}

/** A review exported for sharing, in the shape the API carries files (binary as base64). */
export async function exportReview(review: ReviewDetail, account: Account, format: ReviewExportFormat): Promise<ExportedFile> {
  const filename = reviewFilename(review, account, format);
  if (format === 'md') return { filename, mimeType: 'text/markdown; charset=utf-8', encoding: 'utf8', content: reviewMarkdown(review, account) };
  // pdfkit loads on the first PDF, not with the core: opening the app or running any CLI command stays quick.
  const { reviewPdf } = await import('./reviewPdf');
  const pdf = await reviewPdf(review, account);
  return { filename, mimeType: 'application/pdf', encoding: 'base64', content: pdf.toString('base64') };
}
