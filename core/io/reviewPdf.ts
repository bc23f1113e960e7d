import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { ASK_LEVEL_LABELS, ASK_STATUS_LABELS } from '../model';
import type { Account, Attendee, ReviewDetail } from '../model';

/**
 * A roadmap review as a PDF to share with the customer: the same content as the Markdown export, set in
 * DejaVu Sans (embedded, so names in any Latin, Greek or Cyrillic script print as written on every reader).
 */

const require = createRequire(import.meta.url);
const FONT = { regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf') };

const MARGIN = 56;
const BODY = 10;
const MUTED = '#4f5764';
const RULE = '#d5d9e0';

interface Column {
  label: string;
  width: number;
}

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc): number {
  return doc.page.width - 2 * MARGIN;
}

function bottom(doc: Doc): number {
  return doc.page.height - MARGIN;
}

function heading(doc: Doc, text: string): void {
  if (doc.y + 48 > bottom(doc)) doc.addPage();
  doc.moveDown(0.8).font('bold').fontSize(13).fillColor('black').text(text, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3).font('regular').fontSize(BODY);
}

function paragraph(doc: Doc, text: string, empty: string): void {
  const trimmed = text.trim();
  doc
    .font('regular')
    .fontSize(BODY)
    .fillColor(trimmed === '' ? MUTED : 'black')
    .text(trimmed === '' ? empty : trimmed, MARGIN, doc.y, { width: contentWidth(doc), lineGap: 2 });
}

/** A table cell: its text, and an optional note under it in smaller, muted type (an ask's details). */
type Cell = string | { text: string; note: string };

/** A table whose rows grow with their text and never split across a page: a row that does not fit starts the next page under a repeated header. */
function drawTable(doc: Doc, columns: Column[], rows: Cell[][]): void {
  const total = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width / total) * contentWidth(doc));
  const pad = 4;
  const NOTE = 8.5;

  const cellHeight = (cell: Cell, width: number, header: boolean): number => {
    doc.font(header ? 'bold' : 'regular').fontSize(header ? 9 : BODY);
    if (typeof cell === 'string') return doc.heightOfString(cell, { width });
    const main = doc.heightOfString(cell.text, { width });
    doc.font('regular').fontSize(NOTE);
    return main + 2 + doc.heightOfString(cell.note, { width });
  };

  const drawRow = (cells: Cell[], header: boolean): void => {
    const height = Math.max(...cells.map((cell, i) => cellHeight(cell, (widths[i] ?? 0) - 2 * pad, header))) + 2 * pad;
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      if (!header) drawRow(columns.map((c) => c.label), true);
    }
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      const width = (widths[i] ?? 0) - 2 * pad;
      const text = typeof cell === 'string' ? cell : cell.text;
      doc.font(header ? 'bold' : 'regular').fontSize(header ? 9 : BODY).fillColor(header ? MUTED : 'black').text(text, x + pad, top + pad, { width });
      if (typeof cell !== 'string') doc.moveDown(0.15).font('regular').fontSize(NOTE).fillColor(MUTED).text(cell.note, x + pad, doc.y, { width });
      x += widths[i] ?? 0;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + contentWidth(doc), top + height)
      .lineWidth(header ? 1 : 0.5)
      .strokeColor(RULE)
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
    doc.font('regular').fontSize(BODY);
  };

  drawRow(
    columns.map((c) => c.label),
    true,
  );
  for (const row of rows) drawRow(row, false);
}

function attendees(doc: Doc, list: readonly Attendee[], accountName: string): void {
  if (list.length === 0) return paragraph(doc, '', 'No attendees were recorded.');
  for (const [side, label] of [
    ['customer', accountName],
    ['vendor', 'Our team'],
  ] as const) {
    const names = list.filter((a) => a.side === side).map((a) => a.name);
    if (names.length === 0) continue;
    doc.font('bold').fontSize(BODY).fillColor('black').text(`${label}: `, MARGIN, doc.y, { continued: true, width: contentWidth(doc) });
    doc.font('regular').text(names.join(', '));
  }
}

/** Renders the review; resolves with the PDF's bytes. `createdAt` fixes the document date, so one review exports the same bytes. */
export function reviewPdf(review: ReviewDetail, account: Account): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    font: FONT.regular,
    info: { Title: `${review.title}: ${account.name}`, Subject: `Roadmap review, ${review.date}`, Creator: 'Fieldbook', CreationDate: new Date(review.updatedAt) },
  });
  doc.registerFont('regular', FONT.regular);
  doc.registerFont('bold', FONT.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(18).text(`${review.title}: ${account.name}`, { width: contentWidth(doc) });
  doc.moveDown(0.2).font('regular').fontSize(BODY).fillColor(MUTED).text(`Date: ${review.date}`);

  heading(doc, 'Attendees');
  attendees(doc, review.attendees, account.name);

  heading(doc, 'Agenda');
  paragraph(doc, review.agenda, 'No agenda was recorded.');

  heading(doc, 'Asks');
  if (review.asks.length === 0) {
    paragraph(doc, '', 'No asks were recorded.');
  } else {
    drawTable(
      doc,
      [
        { label: '#', width: 4 },
        { label: 'Ask', width: 38 },
        { label: 'Priority', width: 11 },
        { label: 'Business impact', width: 19 },
        { label: 'Status', width: 14 },
      ],
      review.asks.map((a, i) => [
        String(i + 1),
        a.detail.trim() === '' ? a.title : { text: a.title, note: a.detail.trim() },
        ASK_LEVEL_LABELS[a.priority],
        ASK_LEVEL_LABELS[a.impact],
        ASK_STATUS_LABELS[a.status],
      ]),
    );
  }

  heading(doc, 'Commitments');
  if (review.commitments.length === 0) {
    paragraph(doc, '', 'No commitments were recorded.');
  } else {
    drawTable(
      doc,
      [
        { label: '#', width: 4 },
        { label: 'Commitment', width: 52 },
        { label: 'Owner', width: 22 },
        { label: 'Due', width: 14 },
      ],
      review.commitments.map((c, i) => [String(i + 1), c.title, c.owner, c.due ?? 'No date']),
    );
  }

  heading(doc, 'Notes');
  paragraph(doc, review.notes, 'No notes were recorded.');

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise make pdfkit start a new page.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${account.name} · ${review.title} · ${review.date} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 16, {
        width: contentWidth(doc),
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}
