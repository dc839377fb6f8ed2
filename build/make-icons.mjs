#!/usr/bin/env node
// Renders build/icon.svg into every icon the packages need, offline: PNGs with the system
// Chromium (playwright-core), then the Windows .ico and macOS .icns built from those PNGs by
// hand (both formats accept PNG payloads, so no image tool is needed).
//   node build/make-icons.mjs          (CHROMIUM_PATH overrides /usr/bin/chromium)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const svg = readFileSync(join(here, 'icon.svg'), 'utf8');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

async function renderPngs() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu'],
  });
  const pngs = new Map();
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const size of SIZES) {
      await page.setViewportSize({ width: size, height: size });
      const html = `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`;
      await page.setContent(html);
      pngs.set(size, await page.locator('svg').screenshot({ omitBackground: true }));
    }
  } finally {
    await browser.close();
  }
  return pngs;
}

/** ICO with PNG entries (Windows Vista and later): header, directory, then the images. */
function ico(pngs, sizes) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = 6 + 16 * sizes.length;
  const entries = [];
  for (const size of sizes) {
    const data = pngs.get(size);
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...sizes.map((s) => pngs.get(s))]);
}

/** ICNS with PNG entries: 'icns' + length, then (type, length, PNG) blocks. */
function icns(pngs) {
  const types = [
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
  const blocks = types.map(([type, size]) => {
    const data = pngs.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((n, b) => n + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

const pngs = await renderPngs();
mkdirSync(join(here, 'icons'), { recursive: true });
for (const size of SIZES) writeFileSync(join(here, 'icons', `${size}x${size}.png`), pngs.get(size));
writeFileSync(join(here, 'icon.png'), pngs.get(1024));
writeFileSync(join(here, 'icon.ico'), ico(pngs, [16, 24, 32, 48, 64, 128, 256]));
writeFileSync(join(here, 'icon.icns'), icns(pngs));
console.log(`Wrote ${SIZES.length} PNGs, icon.png, icon.ico and icon.icns in ${here}`);
