// Budgets: every asset the web app serves, gzip-compressed, at most 500 KB
// together; the dashboard's first render makes at most 3 API requests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { env, launch, signedInPage } from './harness.mjs';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

test('all assets together are at most 500 KB compressed', () => {
  let raw = 0;
  let compressed = 0;
  for (const file of files(env.site)) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    compressed += gzipSync(bytes, { level: 9 }).length;
  }
  console.log(`web assets: ${(raw / 1024).toFixed(1)} KB, ${(compressed / 1024).toFixed(1)} KB gzip`);
  assert.ok(compressed > 10 * 1024, 'the site was built (more than 10 KB)');
  assert.ok(compressed <= 500 * 1024, `${compressed} bytes compressed`);
});

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("the dashboard's first render needs at most 3 API requests", async () => {
  const page = await signedInPage(browser, 'supervisor');
  const api = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/minhbach.')) {
      api.push(`${r.method()} ${url.pathname}`);
    }
  });
  await page.goto(`${env.http}/#/tong-quan`, { waitUntil: 'domcontentloaded' });
  await page.reload({ waitUntil: 'domcontentloaded' });
  api.length = 0;  // count one full load, not the sign-in's
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-page="tong-quan"][data-ready]');
  const firstRender = [...api].filter((r) => !r.endsWith('/api/live'));
  console.log(`dashboard first render: ${firstRender.length} API requests: ${firstRender.join(', ')}`);
  assert.ok(firstRender.length >= 1 && firstRender.length <= 3, firstRender.join(', '));
  await page.browserContext().close();
});
