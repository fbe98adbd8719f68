// What the web tests share: the server started by tests/web_browser_test.sh
// (its addresses in the environment), its tokens, the gRPC API's own answers
// (Debian's grpcio, grpc_answer.py) and a real Chromium.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));

export const env = {
  http: process.env.MB_HTTP,
  grpc: process.env.MB_GRPC,
  tokens: process.env.MB_TOKENS,
  descriptors: process.env.MB_DESCRIPTORS,
  shots: process.env.MB_SHOTS,
  site: process.env.MB_SITE,
  client: process.env.MB_CLIENT,
  work: process.env.MB_WORK,
};
if (!env.http || !env.grpc) throw new Error('run through tests/web_browser_test.sh: MB_HTTP/MB_GRPC unset');

// The token of a role ("coordinator") or unit ("village:thon-2") in the
// server's client-tokens file.
export function token(role) {
  for (const line of readFileSync(env.tokens, 'utf8').split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name === role) return value;
  }
  throw new Error(`no token for ${role} in ${env.tokens}`);
}

// The gRPC API's answer to one unary call, as proto JSON.
export function grpcAnswer(method, request = {}, role = 'supervisor') {
  const out = execFileSync('/usr/bin/python3', [path.join(here, 'grpc_answer.py'), env.descriptors,
    env.grpc, token(role), method, JSON.stringify(request)], { encoding: 'utf8' });
  return JSON.parse(out);
}

// Records with the command-line client (gRPC), as a person at a terminal would.
export function cli(args, role) {
  return execFileSync(env.client, [`--role=${role}`, `--client_tokens=${env.tokens}`, ...args], {
    encoding: 'utf8', env: { ...process.env, MINHBACH_SERVER: env.grpc },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function launch({ args = [] } = {}) {
  return puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // As root Chromium needs --no-sandbox; the tests load only this server.
    args: ['--no-sandbox', '--disable-gpu', '--lang=vi-VN', '--no-first-run', ...args],
    defaultViewport: { width: 1280, height: 900 },
  });
}

// A page signed in with a role's token through the sign-in page, as a person
// would: paste the token, press the button.
export async function signedInPage(browser, role, { viewport, origin } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  if (viewport) await page.setViewport(viewport);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.problems = problems;
  await page.goto(`${origin ?? env.http}/#/dang-nhap`, { waitUntil: 'networkidle0' });
  await page.waitForSelector('[data-form=session] input');
  await page.type('[data-form=session] input', token(role));
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/session') && r.request().method() === 'POST'),
    page.click('[data-form=session] button[type=submit]'),
  ]);
  await page.waitForSelector('[data-page="tong-quan"]');
  problems.length = 0;  // before sign-in, GET /api/session answers 401: expected
  return page;
}

export async function show(page, hash, route) {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await page.waitForSelector(`[data-page="${route}"][data-ready]`, { timeout: 20000 });
}

export async function shot(page, name) {
  await page.screenshot({ path: path.join(env.shots, `${name}.png`), fullPage: true });
}
