import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';

const require = createRequire(import.meta.url);
const PDFJS = require.resolve('pdfjs-dist/build/pdf.min.mjs');
const WORKER = require.resolve('pdfjs-dist/build/pdf.worker.min.mjs');
const ORIGIN = 'http://pdf-preview.invalid';

/**
 * Renders a PDF's pages with pdf.js in Chromium and saves one PNG per page, so a person (and the test) can
 * look at the sign-off sheet as a viewer shows it. Headless Chromium has no PDF viewer of its own.
 */
export async function renderPdfPages(browser: Browser, pdf: Buffer, pathFor: (page: number) => string, maxPages = 3): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  try {
    await page.route(`${ORIGIN}/**`, async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/pdf.mjs') return route.fulfill({ body: readFileSync(PDFJS), contentType: 'text/javascript' });
      if (path === '/worker.mjs') return route.fulfill({ body: readFileSync(WORKER), contentType: 'text/javascript' });
      if (path === '/file.pdf') return route.fulfill({ body: pdf, contentType: 'application/pdf' });
      return route.fulfill({ body: '<!doctype html><body style="margin:0;background:#888"></body>', contentType: 'text/html' });
    });
    await page.goto(`${ORIGIN}/`);
    // A string, not a function: the test runner would rewrite a function's dynamic import for Node.
    const count = await page.evaluate<number>(`(async () => {
      const pdfjs = await import('${ORIGIN}/pdf.mjs');
      pdfjs.GlobalWorkerOptions.workerSrc = '${ORIGIN}/worker.mjs';
      const doc = await pdfjs.getDocument('${ORIGIN}/file.pdf').promise;
      const count = Math.min(doc.numPages, ${maxPages});
      for (let n = 1; n <= count; n += 1) {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale: 1.4 });
        const canvas = document.createElement('canvas');
        canvas.width = viewport.width;
        canvas.height = viewport.height;
        canvas.id = 'page-' + n;
        canvas.style.display = 'block';
        document.body.append(canvas);
        await page.render({ canvasContext: canvas.getContext('2d'), canvas, viewport }).promise;
      }
      return count;
    })()`);
    for (let n = 1; n <= count; n += 1) await page.locator(`#page-${n}`).screenshot({ path: pathFor(n) });
    return count;
  } finally {
    await context.close();
  }
}
