// The web app in a real Chromium against a server loaded with the seed: every
// page renders (screenshots in the build directory), its numbers equal the
// gRPC answers, forms record, refusals show, tampering turns marks red, text
// from the log stays text, and the security headers and cookie flags hold.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { cli, env, grpcAnswer, launch, shot, show, signedInPage, token } from './harness.mjs';

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
    const bad = text.match(/.{0,60}(Ã[\u0080-\u00BF]|Ä[\u0080-\u00BF]|áº|á»|undefined|NaN|\[object Object\]).{0,20}/);
    assert.equal(bad, null, `${route}: mojibake or a bug: ${bad?.[0]}`);
  }
  // The README's picture: the dashboard's first screen, deadlines judged on
  // the seed's reference day.
  await show(page, '#/tong-quan?ref=2024-11-30', 'tong-quan');
  await page.screenshot({ path: path.join(env.shots, 'web-dashboard.png') });
  await page.setViewport({ width: 360, height: 780, isMobile: true });
  await show(page, '#/tong-quan', 'tong-quan');
  await shot(page, 'web-tong-quan-phone');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 380, `the dashboard fits a 360 px phone (scrollWidth ${overflow})`);
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});

// The data-value of every [data-figure] on the page, by name.
async function figures(page) {
  return page.$$eval('[data-figure]', (els) => Object.fromEntries(
    els.map((e) => [e.getAttribute('data-figure'), e.getAttribute('data-value')])));
}

test("the dashboard's and a sub-project's numbers equal the gRPC answers", async () => {
  const page = await signedInPage(browser, 'supervisor');
  await show(page, '#/tong-quan', 'tong-quan');
  const shown = await figures(page);
  const grpc = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard', {});
  assert.equal(shown.allocated, grpc.money.allocatedDong);
  assert.equal(shown.disbursed, grpc.money.disbursedDong);
  assert.equal(shown.rate, grpc.money.rateText);
  assert.equal(shown['assignments-total'], grpc.assignmentsTotal);
  assert.equal(shown['assignments-completed'], grpc.assignmentsCompleted);
  assert.equal(shown['open-findings'], grpc.openFindings);
  let compared = 0;
  for (const sp of grpc.subprojects) {
    assert.equal(shown[`allocated:${sp.subprojectId}`], sp.money.allocatedDong, sp.subprojectId);
    assert.equal(shown[`disbursed:${sp.subprojectId}`], sp.money.disbursedDong, sp.subprojectId);
    compared += 2;
  }
  for (const target of grpc.targets ?? []) {
    const actual = shown[`target-actual:${target.targetId}`];
    if (actual !== undefined && actual !== '') {
      assert.equal(actual, target.actualNumerator, target.targetId);
      compared += 1;
    }
  }
  assert.ok(compared >= 14, `${compared} figures compared`);

  await show(page, '#/tieu-du-an/DA3-TDA3', 'tieu-du-an');
  const one = grpcAnswer('/minhbach.v1.ProgramStatus/GetSubProject', { id: 'DA3-TDA3' });
  const sub = await figures(page);
  assert.equal(sub['allocated:DA3-TDA3'], one.money.allocatedDong);
  assert.equal(sub['disbursed:DA3-TDA3'], one.money.disbursedDong);
  assert.deepEqual(page.problems, []);
  await page.browserContext().close();
});

function treeSize() {
  return Number(grpcAnswer('/minhbach.v1.Audit/GetCheckpoint', {}).treeSize);
}

// Fills the disbursement form as a coordinator would and submits it.
async function disburse(page, { amount, voucher }) {
  const form = '[data-form="Finance/RecordDisbursement"]';
  await page.waitForSelector(form);
  await page.select(`${form} [data-field="subproject_id"]`, 'DA3-TDA3');
  await page.$eval(`${form} [data-field="allocation_id"]`, (e) => { e.value = ''; });
  await page.type(`${form} [data-field="allocation_id"]`, 'NS2024-01');
  await page.$eval(`${form} [data-field="amount_dong"]`, (e) => { e.value = ''; });
  await page.type(`${form} [data-field="amount_dong"]`, amount);
  await page.$eval(`${form} [data-field="date_paid"]`, (e) => {
    e.value = '2024-07-15';
    e.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.$eval(`${form} [data-field="voucher_number"]`, (e) => { e.value = ''; });
  await page.type(`${form} [data-field="voucher_number"]`, voucher);
  await page.click(`${form} button[type=submit]`);
  return form;
}

test('a form records the expected event; a refusal shows its message and records nothing', async () => {
  const page = await signedInPage(browser, 'coordinator');
  await show(page, '#/nhap-lieu', 'nhap-lieu');
  const before = grpcAnswer('/minhbach.v1.ProgramStatus/GetSubProject', { id: 'DA3-TDA3' });
  const size = treeSize();

  // A refusal by the client itself, in Vietnamese beside the field.
  let form = await disburse(page, { amount: '5.000.000,50', voucher: 'PC-901/2024' });
  await page.waitForSelector(`${form} [data-field-error="amount_dong"][role=alert]`, { visible: true });
  const fieldError = await page.$eval(`${form} [data-field-error="amount_dong"]`, (e) => e.textContent);
  assert.match(fieldError, /đồng|số/i, fieldError);

  // A refusal by the server: more than the allocation has left.
  form = await disburse(page, { amount: '900.000.000', voucher: 'PC-902/2024' });
  await page.waitForSelector(`${form} [data-error]:not([hidden])`);
  const refusal = await page.$eval(`${form} [data-error]`, (e) => e.textContent);
  assert.match(refusal, /[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]/, `Vietnamese: ${refusal}`);
  assert.equal(treeSize(), size, 'a refused command records nothing');
  await shot(page, 'web-nhap-lieu-refusal');

  // Accepted: the recorded position is shown, and the event is there.
  form = await disburse(page, { amount: '5.000.000', voucher: 'PC-903/2024' });
  await page.waitForSelector(`${form} [data-result]:not([hidden])`);
  const result = await page.$eval(`${form} [data-result]`, (e) => e.textContent);
  const position = Number(result.match(/vị trí (\d+)/)?.[1]);
  assert.equal(position, size, result);
  const event = grpcAnswer('/minhbach.v1.EventLog/GetEvent', { position: String(position) }, 'service');
  assert.equal(event.record.eventType, 'DisbursementRecorded');
  assert.match(event.record.stream, /DA3-TDA3/);
  assert.equal(event.record.actor, 'local-coordinator');
  const after = grpcAnswer('/minhbach.v1.ProgramStatus/GetSubProject', { id: 'DA3-TDA3' });
  assert.equal(BigInt(after.money.disbursedDong) - BigInt(before.money.disbursedDong), 5000000n);
  // The refusal's 400 is the one failed request the browser reports.
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
  await page.browserContext().close();
});

test('forms show only to the roles that may use them', async () => {
  const village = await signedInPage(browser, 'village:thon-2');
  await show(village, '#/nhap-lieu', 'nhap-lieu');
  assert.ok(await village.$('[data-form="Reporting/SubmitVillageReport"]'));
  assert.equal(await village.$('[data-form="Finance/RecordDisbursement"]'), null);
  await village.browserContext().close();
  const supervisor = await signedInPage(browser, 'supervisor');
  await show(supervisor, '#/nhap-lieu', 'nhap-lieu');
  assert.ok(await supervisor.$('[data-form="Supervision/RecordFinding"]'));
  assert.equal(await supervisor.$('[data-form="Finance/AllocateBudget"]'), null);
  await supervisor.browserContext().close();
});

test('text from the log renders as text: an <img onerror> note stays inert', async () => {
  const note = '<img src=x onerror=alert(1)> <script>alert(2)</script>';
  cli(['assignment', 'progress', 'DA7-TDA2-01', `--text=${note}`, '--quantity=1'], 'implementer:ldtbxh');
  const page = await signedInPage(browser, 'coordinator');
  await show(page, '#/nhat-ky?entity=DA7-TDA2-01', 'nhat-ky');
  const text = await page.$eval('main', (m) => m.innerText);
  assert.ok(text.includes('<img src=x onerror=alert(1)>'), 'the note is shown as its characters');
  assert.equal(await page.$$eval('main img', (imgs) => imgs.length), 0);
  assert.equal(await page.$$eval('main script', (s) => s.length), 0);
  await shot(page, 'web-nhat-ky-xss');
  assert.deepEqual(page.problems, [], 'no dialog, no error');
  await page.browserContext().close();
});

// Answers one API call of the page from the server (with a bearer token),
// altered by `change`, as a hostile server or network would.
async function tamper(page, path, change) {
  await page.setRequestInterception(true);
  page.on('request', async (request) => {
    if (request.isInterceptResolutionHandled()) return;
    if (!request.url().endsWith(path)) { request.continue(); return; }
    const res = await fetch(request.url(), {
      method: 'POST', body: request.postData(),
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token('coordinator')}` },
    });
    const body = await res.json();
    change(body);
    request.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  });
}

function flipBase64(b64, index = 0) {
  const bytes = Buffer.from(b64, 'base64');
  bytes[index] ^= 0x01;
  return bytes.toString('base64');
}

test('a tampered inclusion proof turns its mark red; the others stay green', async () => {
  const page = await signedInPage(browser, 'coordinator');
  let tampered = null;
  await tamper(page, '/minhbach.v1.Timeline/GetTimeline', (body) => {
    const item = body.items[1];
    item.proof.hashes[0] = flipBase64(item.proof.hashes[0]);
    tampered = item.proof.position;
  });
  await show(page, '#/nhat-ky?entity=DA3-TDA3', 'nhat-ky');
  await page.waitForSelector(`tr[data-position="${tampered}"]`);
  const verdicts = await page.$$eval('tr[data-position]', (rows) => Object.fromEntries(
    rows.map((r) => [r.dataset.position, r.dataset.verified])));
  assert.equal(verdicts[tampered], 'bad');
  const others = Object.entries(verdicts).filter(([p]) => p !== String(tampered));
  assert.ok(others.length > 5 && others.every(([, v]) => v === 'ok'), JSON.stringify(verdicts));
  const mark = await page.$eval(`tr[data-position="${tampered}"] [data-verified]`, (m) => ({
    text: m.textContent, color: getComputedStyle(m).color }));
  assert.match(mark.text, /không|✗/i, mark.text);
  const [r, g] = mark.color.match(/\d+/g).map(Number);
  assert.ok(r > g, `red: ${mark.color}`);
  await shot(page, 'web-nhat-ky-tampered-proof');
  await page.browserContext().close();
});

test('a tampered checkpoint signature turns the head red', async () => {
  const page = await signedInPage(browser, 'coordinator');
  await tamper(page, '/minhbach.v1.Audit/GetCheckpoint', (body) => {
    const lines = body.signedNote.split('\n');
    const at = lines.findIndex((l) => l.startsWith('— '));
    const [dash, name, sig] = lines[at].split(' ');
    lines[at] = [dash, name, flipBase64(sig, 10)].join(' ');
    body.signedNote = lines.join('\n');
  });
  await page.reload({ waitUntil: 'domcontentloaded' });
  await page.waitForSelector('[data-head="bad"]', { timeout: 20000 });
  const words = await page.$eval('[data-head]', (h) => h.textContent);
  assert.ok(words.length > 10, words);
  await shot(page, 'web-tong-quan-tampered-head');
  await page.browserContext().close();
});

test('the dashboard follows the log live; Kiểm tra re-hashes the whole log', async () => {
  const page = await signedInPage(browser, 'coordinator');
  await show(page, '#/tong-quan', 'tong-quan');
  const before = BigInt((await figures(page))['disbursed:DA6-TDA1']);
  cli(['finance', 'disburse', 'DA6-TDA1', '--allocation=NS2024-02', '--amount=1.000.000',
    '--voucher=PC-904/2024', '--date-paid=20/07/2024'], 'coordinator');
  await page.waitForFunction((want) =>
    document.querySelector('[data-figure="disbursed:DA6-TDA1"]')?.getAttribute('data-value') === want,
  { timeout: 20000 }, String(before + 1000000n));

  await show(page, '#/kiem-tra', 'kiem-tra');
  await page.click('button.check-start');
  await page.waitForSelector('[data-result]', { timeout: 60000 });
  const verdict = await page.$eval('[data-result]', (e) => [e.dataset.result, e.textContent]);
  assert.equal(verdict[0], 'ok', verdict[1]);
  await shot(page, 'web-kiem-tra-done');

  // The same from the server's tlog-tiles (--serve_tiles), nothing read from the API.
  await page.click('[data-check="mirror"] button.check-start');
  await page.waitForSelector('[data-check="mirror"] [data-result]', { timeout: 60000 });
  const fromMirror = await page.$eval('[data-check="mirror"] [data-result]',
    (e) => [e.dataset.result, e.textContent]);
  assert.equal(fromMirror[0], 'ok', fromMirror[1]);
  assert.match(fromMirror[1], /bản sao/);
  // The quick proofs from a few tiles: the mirror extends the head this
  // browser saw, and the last event is in the signed tree.
  await page.click('button.mirror-prove');
  await page.waitForSelector('[data-check="mirror-proof"] [data-proof="inclusion"]', { timeout: 30000 });
  const proofs = await page.$$eval('[data-check="mirror-proof"] [data-proof]',
    (ps) => ps.map((e) => [e.dataset.proof, e.dataset.result, e.textContent]));
  assert.deepEqual(proofs.map((p) => [p[0], p[1]]), [['consistency', 'ok'], ['inclusion', 'ok']],
    JSON.stringify(proofs));
  assert.match(proofs[1][2], /nằm trong sổ cái đã ký/);

  // The fingerprint a Front auditor compares with the one posted at the
  // commune office (deploy/run.sh prints it from data/log.pub the same way).
  const keyLine = readFileSync(path.join(env.work, 'data', 'log.pub'), 'utf8').replace(/\n+$/, '');
  const expected = createHash('sha256').update(keyLine).digest('hex').toUpperCase()
    .match(/.{4}/g).join(' ');
  const shownPrint = await page.$eval('[data-fingerprint]', (e) => e.getAttribute('data-fingerprint'));
  assert.equal(shownPrint, expected);
  await page.browserContext().close();
});

test('English on the toggle', async () => {
  const page = await signedInPage(browser, 'supervisor');
  await page.click('[data-action="lang"]');
  await page.waitForFunction(() => document.querySelector('header')?.innerText.includes('Overview'));
  await show(page, '#/tong-quan', 'tong-quan');
  const text = await page.$eval('main', (m) => m.innerText);
  assert.match(text, /Disbursed/);
  await page.click('[data-action="lang"]');  // leave Vietnamese for the next person
  await page.browserContext().close();
});

test('opened over plain HTTP from another host, the page says plainly that it cannot verify', async () => {
  // A name that is not loopback: no secure context, so no WebCrypto.
  const remote = await launch({ args: ['--host-resolver-rules=MAP commune-office.test 127.0.0.1'] });
  try {
    const origin = env.http.replace('127.0.0.1', 'commune-office.test');
    const page = await signedInPage(remote, 'supervisor', { origin });
    assert.equal(await page.evaluate(() => window.isSecureContext), false);
    await page.waitForSelector('[data-head="bad"]');
    const words = await page.$eval('#status', (s) => s.innerText);
    assert.match(words, /HTTPS|https/, words);
    await show(page, '#/nhat-ky?entity=DA3-TDA3', 'nhat-ky');
    const verdicts = await page.$$eval('tr[data-position]', (rows) => rows.map((r) => r.dataset.verified));
    assert.ok(verdicts.length > 5 && verdicts.every((v) => v === 'bad'), verdicts.join());
    await shot(page, 'web-not-secure-context');
    await page.browserContext().close();
  } finally {
    await remote.close();
  }
});
