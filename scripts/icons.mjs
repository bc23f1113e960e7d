// Renders the app and tray icons from their SVG sources (build/*.svg) with headless Chromium and writes the
// files electron-builder and the tray use: build/icons/<N>x<N>.png (Linux), build/icon.png, build/icon.ico
// (Windows), build/icon.icns (macOS), build/tray/*.png. The results are committed, so packaging needs no
// browser; run `npm run icons` after changing an SVG. ICO and ICNS are plain containers of PNG images,
// written here directly.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build');

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** ICNS entry types and the pixel size each holds (the @2x types hold twice their nominal size). */
export const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];
/** Tray images: [file, source svg, pixel size]. `@2x` is picked up by Electron on high-density screens. */
export const TRAY_IMAGES = [
  ['tray.png', 'tray.svg', 16],
  ['tray@2x.png', 'tray.svg', 32],
  ['trayTemplate.png', 'trayTemplate.svg', 16],
  ['trayTemplate@2x.png', 'trayTemplate.svg', 32],
];

/**
 * An ICO file holding PNG images.
 * @param {Array<{ size: number, png: Buffer }>} images
 */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/**
 * An ICNS file holding PNG images.
 * @param {Array<{ type: string, png: Buffer }>} images
 */
export function encodeIcns(images) {
  const chunks = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + chunks.reduce((sum, chunk) => sum + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

async function render() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    /** @type {(svgFile: string, size: number) => Promise<Buffer>} */
    const png = async (svgFile, size) => {
      const svg = readFileSync(join(build, svgFile)).toString('base64');
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img style="display:block" width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg}"></body></html>`,
      );
      await page.waitForFunction('document.images[0] && document.images[0].complete');
      return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    };

    const app = new Map();
    for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES, ...ICNS_TYPES.map(([, s]) => s)])) app.set(size, await png('icon.svg', size));
    mkdirSync(join(build, 'icons'), { recursive: true });
    for (const size of LINUX_SIZES) writeFileSync(join(build, 'icons', `${size}x${size}.png`), app.get(size));
    writeFileSync(join(build, 'icon.png'), app.get(1024));
    writeFileSync(join(build, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, png: app.get(size) }))));
    writeFileSync(join(build, 'icon.icns'), encodeIcns(ICNS_TYPES.map(([type, size]) => ({ type, png: app.get(size) }))));
    mkdirSync(join(build, 'tray'), { recursive: true });
    for (const [file, svg, size] of TRAY_IMAGES) writeFileSync(join(build, 'tray', file), await png(svg, size));
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await render();
  console.log('Wrote build/icons/*.png, build/icon.png, build/icon.ico, build/icon.icns, build/tray/*.png');
}
