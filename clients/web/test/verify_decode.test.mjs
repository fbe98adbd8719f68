// decode.js on real rawRecords from minhbachd, with the schema the contract
// describes (made from the repo's .proto files), and on garbage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromBase64, toBase64, toHex } from '../site/js/verify/bytes.js';
import { decodeEvent, decodeMessage, loadSchema } from '../site/js/verify/decode.js';
import { parseCheckpoint, parseNote } from '../site/js/verify/note.js';
import { rawLeaves, realLog, rootOf, schema } from '../testlib/verify_helpers.mjs';

test('every real event decodes from its raw bytes', () => {
  realLog.rawRecords.forEach((raw, i) => {
    const e = decodeEvent({ rawRecord: raw }, schema);
    assert.equal(e.position, String(i));
    assert.equal(e.type, realLog.types[i]);
    assert.equal(e.payloadError, '', `event ${i}`);
    assert.ok(e.payload && typeof e.payload === 'object');
    assert.match(e.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(e.businessDate, /^20[0-9]{2}-[0-9]{2}-[0-9]{2}$/);
    assert.match(e.recordedMicros, /^[0-9]{16}$/);
  });
});

test('the first event is the plan, with its Vietnamese text intact', () => {
  const e = decodeEvent({ rawRecord: realLog.rawRecords[0] }, schema);
  assert.equal(e.stream, 'program/plan');
  assert.equal(e.actor, 'local-coordinator');
  assert.equal(e.businessMicros, '1711843200000000');
  assert.equal(e.businessDate, '2024-03-31');
  assert.equal(e.streamVersion, '0');
  assert.equal(e.payload.planId, 'lien-chung-2024');
  assert.equal(e.payload.issuer, 'UBND xã Liên Chung');
  assert.equal(e.payload.issuedMonth, '2024-03');
});

test('money is an int64 decimal string; repeated messages are arrays', () => {
  const i = realLog.types.indexOf('DisbursementRecorded');
  const d = decodeEvent({ rawRecord: realLog.rawRecords[i] }, schema);
  assert.match(d.payload.amountDong, /^[1-9][0-9]*$/);
  assert.ok(Number(d.payload.amountDong) > 0);
  assert.equal(typeof d.payload.subprojectId, 'string');
  const j = realLog.types.indexOf('VillageReportSubmitted');
  const v = decodeEvent({ rawRecord: realLog.rawRecords[j] }, schema);
  assert.ok(Array.isArray(v.payload.values) && v.payload.values.length > 0);
  for (const tv of v.payload.values) {
    assert.equal(typeof tv.targetId, 'string');
    assert.match(tv.numerator, /^-?[0-9]+$/);
  }
});

test('the raw records hash to the roots the server signed', async () => {
  const root22 = parseCheckpoint(parseNote(realLog.head22Cosigned).text).root;
  const root89 = parseCheckpoint(parseNote(realLog.head89).text).root;
  assert.equal(toHex(await rootOf(rawLeaves.slice(0, 22))), toHex(root22));
  assert.equal(toHex(await rootOf(rawLeaves)), toHex(root89));
});

test('wire-format details: negatives, packed, zigzag, unknown fields, enums', () => {
  const s = {
    messages: {
      T: {
        fields: [
          { no: 1, name: 'a', type: 'int64', repeated: false },
          { no: 2, name: 'b', type: 'int32', repeated: true },
          { no: 3, name: 'c', type: 'sint64', repeated: false },
          { no: 4, name: 'e', type: 'enum', typeName: '.E', repeated: false },
          { no: 5, name: 'f', type: 'fixed64', repeated: false },
          { no: 6, name: 's', type: 'string', repeated: false },
          {
            no: 7,
            name: 't',
            type: 'message',
            typeName: 'google.protobuf.Timestamp',
            repeated: false,
          },
        ],
      },
      'google.protobuf.Timestamp': {
        fields: [
          { no: 1, name: 'seconds', type: 'int64', repeated: false },
          { no: 2, name: 'nanos', type: 'int32', repeated: false },
        ],
      },
    },
    enums: { E: { 0: 'E_UNSPECIFIED', 2: 'E_TWO' } },
  };
  const empty = decodeMessage(new Uint8Array(0), 'T', s);
  assert.deepEqual(empty, { a: '0', b: [], c: '0', e: 'E_UNSPECIFIED', f: '0', s: '' });
  const bytes = new Uint8Array([
    0x08,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0x01, // a = -1
    0x12,
    0x03,
    0x01,
    0x02,
    0x03, // b packed [1,2,3]
    0x10,
    0x04, // b unpacked 4
    0x18,
    0x03, // c = zigzag(3) = -2
    0x20,
    0x02, // e = 2
    0x29,
    1,
    0,
    0,
    0,
    0,
    0,
    0,
    0x80, // f = 2^63 + 1
    0x98,
    0x06,
    0x05, // field 99, unknown varint: skipped
    0x32,
    0x02,
    0xc3,
    0xa1, // s = "á"
    0x3a,
    0x06,
    0x08,
    0x80,
    0xcf,
    0xa2,
    0xb0,
    0x06, // t = 1711843200 s
  ]);
  assert.deepEqual(decodeMessage(bytes, 'T', s), {
    a: '-1',
    b: [1, 2, 3, 4],
    c: '-2',
    e: 'E_TWO',
    f: '9223372036854775809',
    s: 'á',
    t: '2024-03-31T00:00:00Z',
  });
});

test('garbage throws a clear Error, never hangs', () => {
  const cases = [
    [new Uint8Array([0x12, 0x05, 0x61]), /past the end/],
    [new Uint8Array([0x08]), /truncated varint/],
    [new Uint8Array(11).fill(0xff), /longer than 10 bytes/],
    [new Uint8Array([0x0b]), /wire type/],
    [new Uint8Array([0x00]), /field number 0/],
    [new Uint8Array([0x12, 0x02, 0xff, 0xfe]), /not UTF-8/],
    [new Uint8Array([0x12, 0xff, 0xff, 0xff, 0xff, 0x0f]), /past the end/],
    [new Uint8Array([0x0a, 0x00]), /wire type 2/],
  ];
  for (const [bytes, re] of cases) {
    assert.throws(() => decodeMessage(bytes, 'minhbach.v1.EventRecord', schema), re);
  }
  assert.throws(() => decodeMessage(new Uint8Array(0), 'minhbach.v1.Nope', schema), /no message/);
  assert.throws(() => decodeEvent({ rawRecord: '%%%' }, schema), /not base64/);
  assert.throws(() => decodeEvent({}, schema), /no rawRecord/);
  // Deep nesting is refused instead of overflowing the stack.
  const deep = {
    messages: {
      N: { fields: [{ no: 1, name: 'n', type: 'message', typeName: 'N', repeated: false }] },
    },
  };
  let nested = new Uint8Array(0);
  const varint = (n) => (n < 128 ? [n] : [(n & 127) | 128, ...varint(n >> 7)]);
  for (let i = 0; i < 70; i++) {
    nested = new Uint8Array([0x0a, ...varint(nested.length), ...nested]);
    if (i === 59) {
      let m = decodeMessage(nested, 'N', deep);
      for (let j = 0; j < 59; j++) m = m.n;
      assert.deepEqual(m, { n: {} }, '60 levels decode');
    }
  }
  assert.throws(() => decodeMessage(nested, 'N', deep), /nested too deep/);
  // Random bytes: decoding either succeeds or throws an Error; it always ends.
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 255;
  };
  for (let n = 0; n < 2000; n++) {
    const b = new Uint8Array(1 + (n % 64)).map(rand);
    try {
      decodeEvent({ rawRecord: toBase64(b) }, schema);
    } catch (e) {
      assert.ok(e instanceof Error && e.message.length > 0);
    }
  }
});

test('an unknown event type or bad payload is reported, the record still decodes', () => {
  const raw = fromBase64(realLog.rawRecords[0]);
  // Change event_type "PlanIssued" (field 5) to "PlanIssuex": same length.
  const at = Buffer.from(raw).indexOf('PlanIssued');
  const changed = raw.slice();
  changed[at + 9] = 'x'.charCodeAt(0);
  const e = decodeEvent({ rawRecord: toBase64(changed) }, schema);
  assert.equal(e.type, 'PlanIssuex');
  assert.equal(e.payload, null);
  assert.match(e.payloadError, /unknown event type PlanIssuex/);
});

test('a raw append without a business time has no business date, not 01/01/1970', () => {
  // position 5, stream "ext/x", type "Note", recorded 2024-06-01; field 7 (business time) absent.
  const varint = (n) => {
    const out = [];
    for (let v = BigInt(n); ; v >>= 7n) {
      if (v < 0x80n) { out.push(Number(v)); return out; }
      out.push(Number(v & 0x7fn) | 0x80);
    }
  };
  const text = (s) => [...Buffer.from(s)];
  const raw = Uint8Array.from([0x08, 5, 0x12, 5, ...text('ext/x'), 0x2a, 4, ...text('Note'),
    0x30, ...varint(1717200000000000n)]);
  const e = decodeEvent({ rawRecord: toBase64(raw) }, schema);
  assert.equal(e.position, '5');
  assert.equal(e.businessMicros, '0');
  assert.equal(e.businessDate, '');
  // A dated one keeps its date.
  assert.equal(decodeEvent({ rawRecord: realLog.rawRecords[0] }, schema).businessDate, '2024-03-31');
});

test('loadSchema fetches once and checks the answer', async () => {
  let calls = 0;
  const fetchJson = async (path) => {
    calls++;
    assert.equal(path, '/api/schema');
    return schema;
  };
  assert.equal(await loadSchema(fetchJson), schema);
  assert.equal(await loadSchema(fetchJson), schema);
  assert.equal(calls, 1);
});
