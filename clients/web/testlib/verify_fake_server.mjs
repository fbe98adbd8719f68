// A stand-in for minhbachd's HTTP side, for trying the verifier in a real
// browser before the gateway exists: serves clients/web/site and
// testlib/harness with the contract's security headers, and answers the few
// API calls the verifier makes from the real log of
// test/fixtures/verify/real_log.json (checkpoints signed with its throwaway
// key). TAMPER=<position> serves that event with one byte changed.
//   node testlib/verify_fake_server.mjs [port]   (127.0.0.1 only)
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toBase64 } from '../site/js/verify/bytes.js';
import {
  checkpointText,
  consistencyProof,
  inclusionProof,
  leafHashes,
  parseSignerKey,
  rawLeaves,
  realLog,
  rootOf,
  schema,
  signNote,
} from './verify_helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const roots = { '/harness/': join(here, 'harness'), '/': join(here, '../site') };
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; worker-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'";
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

export async function startFakeServer({ port = 0, tamper = null, size = rawLeaves.length } = {}) {
  const signer = await parseSignerKey(realLog.logSignerKeyForTestsOnly);
  const committed = rawLeaves.slice(0, size);
  const served = committed.slice();
  if (tamper !== null) {
    served[tamper] = served[tamper].slice();
    served[tamper][served[tamper].length - 1] ^= 0x20;
  }
  const hashes = await leafHashes(committed);
  const rootOfPrefix = (n) => rootOf(committed.slice(0, n));
  const checkpoint = async (n) => ({
    signedNote:
      n === 22
        ? realLog.head22Cosigned
        : await signNote(await checkpointText('minhbach.local/log', committed.slice(0, n)), signer),
    treeSize: String(n),
    rootHash: toBase64(await rootOfPrefix(n)),
  });
  const api = {
    'Audit/GetCheckpoint': async (r) => checkpoint(Number(r.treeSize || size)),
    'Audit/GetConsistencyProof': async (r) => ({
      oldSize: r.oldSize,
      newSize: r.newSize,
      hashes: (
        await consistencyProof(Number(r.oldSize), hashes.slice(0, Number(r.newSize || size)))
      ).map(toBase64),
    }),
    'EventLog/ReadAll': async (r) => {
      const from = Number(r.fromPosition || 0);
      const limit = Math.min(Number(r.limit || 100), 1000);
      const events = served.slice(from, from + limit).map((b) => ({ rawRecord: toBase64(b) }));
      const next = from + events.length < size ? { next: String(from + events.length) } : {};
      return { events, ...next };
    },
    'Timeline/GetTimeline': async (r) => {
      const from = Number(r.fromPosition || 0);
      const items = [];
      for (let p = from; p < Math.min(size, from + Number(r.limit || 10)); p++) {
        items.push({
          event: { rawRecord: toBase64(served[p]) },
          proof: {
            position: String(p),
            treeSize: String(size),
            hashes: (await inclusionProof(p, hashes)).map(toBase64),
          },
        });
      }
      return { items, checkpoint: await checkpoint(size) };
    },
  };
  const server = createServer(async (req, res) => {
    const headers = {
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, 'Content-Type': type });
      res.end(body);
    };
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/log-key') {
      return send(
        200,
        'application/json',
        JSON.stringify({
          logVerifierKey: realLog.logVerifierKey,
          witnessKeys: realLog.witnessKeys,
        }),
      );
    }
    if (url.pathname === '/api/schema')
      return send(200, 'application/json', JSON.stringify(schema));
    if (req.method === 'POST' && url.pathname.startsWith('/minhbach.v1.')) {
      let body = '';
      for await (const chunk of req) body += chunk;
      const handler = api[url.pathname.slice('/minhbach.v1.'.length)];
      if (!handler) return send(404, 'application/json', '{"code":"unimplemented","message":"no"}');
      if (req.headers['x-csrf-token'] !== 'test-csrf') {
        return send(403, 'application/json', '{"code":"permission_denied","message":"CSRF"}');
      }
      return send(200, 'application/json', JSON.stringify(await handler(JSON.parse(body || '{}'))));
    }
    const prefix = url.pathname.startsWith('/harness/') ? '/harness/' : '/';
    const file = normalize(join(roots[prefix], url.pathname.slice(prefix.length)));
    if (!file.startsWith(roots[prefix]) || !existsSync(file) || !statSync(file).isFile()) {
      return send(404, 'text/plain; charset=utf-8', 'not found');
    }
    return send(200, TYPES[extname(file)] || 'application/octet-stream', readFileSync(file));
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return { server, port: server.address().port };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tamper = process.env.TAMPER ? Number(process.env.TAMPER) : null;
  const { port } = await startFakeServer({ port: Number(process.argv[2] || 0), tamper });
  console.log(`http://127.0.0.1:${port}/harness/index.html`);
}
