// A small protobuf wire-format decoder driven by the server's /api/schema
// JSON, so that the browser reads an event from its own bytes (rawRecord,
// the Merkle leaf) rather than from the server's decoded copy.
//
// Output follows the proto3 JSON mapping the API uses: field names as the
// schema's lowerCamelCase names, 64-bit integers as decimal strings, bytes as
// base64, enums by name, google.protobuf.Timestamp as RFC 3339 text, every
// scalar present with its default, repeated fields as arrays. Unknown fields
// are skipped. Anything malformed throws an Error saying what and where;
// every loop consumes input, so garbage cannot make it hang.
import { fromBase64, toBase64 } from './bytes.js';

const MAX_DEPTH = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

// The wire type each field type is written with (when not packed).
const WIRE_OF = {
  int32: WIRE_VARINT,
  int64: WIRE_VARINT,
  uint32: WIRE_VARINT,
  uint64: WIRE_VARINT,
  sint32: WIRE_VARINT,
  sint64: WIRE_VARINT,
  bool: WIRE_VARINT,
  enum: WIRE_VARINT,
  fixed64: WIRE_FIXED64,
  sfixed64: WIRE_FIXED64,
  double: WIRE_FIXED64,
  fixed32: WIRE_FIXED32,
  sfixed32: WIRE_FIXED32,
  float: WIRE_FIXED32,
  string: WIRE_LEN,
  bytes: WIRE_LEN,
  message: WIRE_LEN,
};
const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

class Reader {
  constructor(bytes, where) {
    this.bytes = bytes;
    this.pos = 0;
    this.where = where;
  }

  fail(what) {
    return new Error(`cannot decode ${this.where}: ${what} at byte ${this.pos}`);
  }

  done() {
    return this.pos >= this.bytes.length;
  }

  varint() {
    let v = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) throw this.fail('truncated varint');
      const b = this.bytes[this.pos++];
      v |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) return BigInt.asUintN(64, v);
    }
    throw this.fail('varint longer than 10 bytes');
  }

  take(n) {
    if (n > this.bytes.length - this.pos) throw this.fail('field runs past the end');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  lengthDelimited() {
    const n = this.varint();
    if (n > BigInt(this.bytes.length - this.pos)) throw this.fail('length runs past the end');
    return this.take(Number(n));
  }

  skip(wire) {
    if (wire === WIRE_VARINT) this.varint();
    else if (wire === WIRE_FIXED64) this.take(8);
    else if (wire === WIRE_LEN) this.lengthDelimited();
    else if (wire === WIRE_FIXED32) this.take(4);
    else throw this.fail(`unsupported wire type ${wire}`);
  }
}

function stripDot(name) {
  return typeof name === 'string' && name.startsWith('.') ? name.slice(1) : name;
}

function defaultValue(field) {
  if (field.repeated) return [];
  if (INT64_TYPES.has(field.type)) return '0';
  switch (field.type) {
    case 'string':
    case 'bytes':
      return '';
    case 'bool':
      return false;
    case 'message':
      return undefined;
    case 'enum':
      return null; // replaced by the enum's 0 name below
    default:
      return 0;
  }
}

function enumName(schema, field, n) {
  const values = schema.enums && schema.enums[stripDot(field.typeName)];
  const name = values && values[String(n)];
  return name === undefined ? n : name;
}

function fixedView(bytes) {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

// One scalar value read from `r` by its field type (wire type already checked).
function readScalar(r, field, schema) {
  switch (field.type) {
    case 'int64':
      return BigInt.asIntN(64, r.varint()).toString();
    case 'uint64':
      return r.varint().toString();
    case 'sint64': {
      const v = r.varint();
      return ((v >> 1n) ^ -(v & 1n)).toString();
    }
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'uint32':
      return Number(BigInt.asUintN(32, r.varint()));
    case 'sint32': {
      const v = Number(BigInt.asUintN(32, r.varint()));
      return (v >>> 1) ^ -(v & 1);
    }
    case 'bool':
      return r.varint() !== 0n;
    case 'enum':
      return enumName(schema, field, Number(BigInt.asIntN(32, r.varint())));
    case 'fixed64':
      return fixedView(r.take(8)).getBigUint64(0, true).toString();
    case 'sfixed64':
      return fixedView(r.take(8)).getBigInt64(0, true).toString();
    case 'double':
      return fixedView(r.take(8)).getFloat64(0, true);
    case 'fixed32':
      return fixedView(r.take(4)).getUint32(0, true);
    case 'sfixed32':
      return fixedView(r.take(4)).getInt32(0, true);
    case 'float':
      return fixedView(r.take(4)).getFloat32(0, true);
    default:
      throw r.fail(`unknown field type ${field.type}`);
  }
}

function timestampText(msg) {
  const seconds = BigInt(msg.seconds || '0');
  const ms = Number(seconds) * 1000;
  const date = new Date(ms);
  if (!Number.isFinite(ms) || Number.isNaN(date.getTime())) return `${msg.seconds}s`;
  const nanos = msg.nanos || 0;
  const base = date.toISOString().slice(0, 19);
  const frac = nanos
    ? `.${String(nanos)
        .padStart(9, '0')
        .replace(/(000)+$/, '')}`
    : '';
  return `${base}${frac}Z`;
}

function decodeWith(bytes, typeName, schema, depth, where) {
  const name = stripDot(typeName);
  const type = schema && schema.messages && schema.messages[name];
  if (!type || !Array.isArray(type.fields)) {
    throw new Error(`cannot decode ${where}: the schema has no message ${name}`);
  }
  if (depth > MAX_DEPTH) throw new Error(`cannot decode ${where}: nested too deep`);
  const byNumber = new Map(type.fields.map((f) => [f.no, f]));
  const out = {};
  for (const f of type.fields) {
    const d = defaultValue(f);
    if (f.type === 'enum' && !f.repeated) out[f.name] = enumName(schema, f, 0);
    else if (d !== undefined) out[f.name] = d;
  }
  const r = new Reader(bytes, where);
  while (!r.done()) {
    const tag = r.varint();
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (no === 0) throw r.fail('field number 0');
    const f = byNumber.get(no);
    if (!f) {
      r.skip(wire);
      continue;
    }
    const expected = WIRE_OF[f.type];
    if (expected === undefined) throw r.fail(`unknown field type ${f.type}`);
    let values;
    if (f.repeated && wire === WIRE_LEN && expected !== WIRE_LEN) {
      // A packed repeated scalar field.
      const packed = new Reader(r.lengthDelimited(), `${where}.${f.name}`);
      values = [];
      while (!packed.done()) values.push(readScalar(packed, f, schema));
    } else {
      if (wire !== expected) throw r.fail(`field ${f.name} has wire type ${wire}`);
      let v;
      if (f.type === 'string') {
        const text = r.lengthDelimited();
        try {
          v = utf8.decode(text);
        } catch {
          throw r.fail(`field ${f.name} is not UTF-8`);
        }
      } else if (f.type === 'bytes') {
        v = toBase64(r.lengthDelimited());
      } else if (f.type === 'message') {
        const sub = stripDot(f.typeName);
        v = decodeWith(r.lengthDelimited(), sub, schema, depth + 1, `${where}.${f.name}`);
        if (sub === 'google.protobuf.Timestamp') v = timestampText(v);
        else if (!f.repeated && out[f.name] !== undefined && typeof out[f.name] === 'object') {
          v = { ...out[f.name], ...v }; // a message field seen twice merges
        }
      } else {
        v = readScalar(r, f, schema);
      }
      values = [v];
    }
    if (f.repeated) out[f.name].push(...values);
    else out[f.name] = values[values.length - 1];
  }
  return out;
}

// Decodes `bytes` (Uint8Array) as the message `typeName` of `schema`.
export function decodeMessage(bytes, typeName, schema) {
  if (!(bytes instanceof Uint8Array)) throw new Error('decodeMessage needs a Uint8Array');
  return decodeWith(bytes, typeName, schema, 0, stripDot(typeName));
}

function uuidText(b64) {
  let bytes;
  try {
    bytes = fromBase64(b64);
  } catch {
    return b64;
  }
  if (bytes.length !== 16) return b64;
  const h = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// UTC calendar date of a micros-since-epoch string ("" when out of range):
// business times are midnight UTC of the business date.
export function microsToDate(micros) {
  let ms;
  try {
    ms = Number(BigInt(micros) / 1000n);
  } catch {
    return '';
  }
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

// Decodes an API event ({rawRecord: base64, ...}) from its raw bytes:
// {position, stream, streamVersion, eventId, type, actor, businessDate,
//  businessMicros, recordedMicros, correlationId, causationId, payload,
//  payloadError}. payload is the decoded minhbach.v1.<type>, or null with
// payloadError saying why (a type the schema does not know, bad bytes). A
// rawRecord that is not an EventRecord throws.
export function decodeEvent(event, schema) {
  if (!event || typeof event.rawRecord !== 'string') throw new Error('the event has no rawRecord');
  let raw;
  try {
    raw = fromBase64(event.rawRecord);
  } catch {
    throw new Error("the event's rawRecord is not base64");
  }
  const rec = decodeMessage(raw, 'minhbach.v1.EventRecord', schema);
  let payload = null;
  let payloadError = '';
  const typeName = `minhbach.v1.${rec.eventType}`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(rec.eventType) || !schema.messages[typeName]) {
    payloadError = `unknown event type ${rec.eventType}`;
  } else {
    try {
      payload = decodeMessage(fromBase64(rec.payload), typeName, schema);
    } catch (e) {
      payloadError = e.message;
    }
  }
  return {
    position: rec.position,
    stream: rec.stream,
    streamVersion: rec.streamVersion,
    eventId: uuidText(rec.eventId),
    type: rec.eventType,
    actor: rec.actor,
    businessMicros: rec.businessTimeMicros,
    // A raw append without a business time is stored at the Unix epoch,
    // which no program command records: shown as not given.
    businessDate: String(rec.businessTimeMicros ?? '0') === '0' ? '' : microsToDate(rec.businessTimeMicros),
    recordedMicros: rec.recordedTimeMicros,
    correlationId: rec.correlationId,
    causationId: rec.causationId,
    payload,
    payloadError,
  };
}

// Fetches /api/schema once per page load (it only changes with the server's
// version); `fetchJson(path)` returns a Promise of the parsed JSON.
let schemaPromise = null;
export function loadSchema(fetchJson) {
  if (!schemaPromise) {
    schemaPromise = fetchJson('/api/schema').then((s) => {
      if (!s || typeof s.messages !== 'object' || !s.messages['minhbach.v1.EventRecord']) {
        throw new Error("the server's /api/schema has no minhbach.v1.EventRecord");
      }
      return s;
    });
    schemaPromise.catch(() => {
      schemaPromise = null;
    }); // try again next time
  }
  return schemaPromise;
}
