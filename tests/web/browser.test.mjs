// The web app in a real Chromium against a server loaded with the seed: every
// page renders (screenshots in the build directory), its numbers equal the
// gRPC answers, forms record, refusals show, tampering turns marks red, text
// from the log stays text, and the security headers and cookie flags hold.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cli, env, grpcAnswer, launch, shot, show, signedInPage } from './harness.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const pages = [
  ['#/tong-quan', 'tong-quan'],
  ['#/tieu-du-an/DA3-TDA3', 'tieu-du-an'],
  ['#/chi-tieu/dim-health', 'chi-tieu'],
  ['#/giao-viec/DA7-TDA2-01', 'giao-viec'],
  ['#/giam-sat/GS-2024-01', 'giam-sat'],
  ['#/nhat-ky?entity=DA3-TDA3', 'nhat-ky'],
  ['#/xem-lai', 'xem-lai'],
  ['#/bao-cao', 'bao-cao'],
  ['#/nhap-lieu', 'nhap-lieu'],
  ['#/kiem-tra', 'kiem-tra'],
];

test('sign-in sets an HttpOnly, SameSite=Strict session cookie; pages carry a strict CSP', async () => {
  const page = await signedInPage(browser, 'coordinator');
  const cookie = (await page.cookies()).find((c) => c.name === 'mb_session');
  assert.ok(cookie, 'a session cookie');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');
  const res = await fetch(`${env.http}/`);
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-type'), /charset=utf-8/i);
  const inline = await page.$$eval('script:not([src])', (s) => s.length);
  assert.equal(inline, 0, 'no inline script');
  assert.equal(await page.evaluate(() => document.cookie.includes('mb_session')), false,
    'the page script cannot read the session cookie');
  await page.browserContext().close();
});

test('every page renders in Vietnamese, without errors; screenshots of each', async () => {
  const page = await signedInPage(browser, 'coordinator');
  for (const [hash, route] of pages) {
    await show(page, hash, route);
    await shot(page, `web-${route}`);
    const text = await page.$eval('main', (m) => m.innerText);
    assert.ok(text.length > 40, `${route} shows something`);
    assert.doesNotMatch(text, /Ã|Â»|undefined|NaN|\[object Object\]/, `${route}: mojibake or a bug`);
  }
  await page.setViewport({ width: 360, height: 780, isMobile: true });
  await show(page, '#/tong-quan', 'tong-quan');
  await shot(page, 'web-tong-quan-phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 380, `the dashboard fits a 360 px phone (scrollWidth ${overflow})`);
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});
