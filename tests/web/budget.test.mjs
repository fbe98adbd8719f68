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
  await page.goto(`${env.http}/#/tong-quan`, { waitUntil: 'domcontentloaded' });
  // A fresh load of the dashboard; the requests counted are those started
  // before the app marks its first render (page figures and verified head).
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-page="tong-quan"][data-rendered]');
  const requests = await page.evaluate(() => {
    const done = performance.getEntriesByName('minhbach:rendered')[0].startTime;
    return performance.getEntriesByType('resource')
      .filter((r) => r.startTime <= done)
      .map((r) => new URL(r.name).pathname)
      .filter((p) => p.startsWith('/api/') || p.startsWith('/minhbach.'));
  });
  console.log(`dashboard first render: ${requests.length} API requests: ${requests.join(', ')}`);
  assert.ok(requests.includes('/minhbach.v1.ProgramStatus/GetDashboard'), requests.join(', '));
  assert.ok(requests.length <= 3, requests.join(', '));
  await page.browserContext().close();
});
