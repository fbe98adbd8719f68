// Writes the /api/schema JSON (the contract's format) for proto/minhbach/v1
// from protoc's descriptor set, decoded with decode.js itself and a
// hand-written schema of descriptor.proto. Used to make the test fixture
// test/fixtures/verify/schema.json; the server makes the real one from its
// compiled descriptors.
//   node tools/schema_from_protos.mjs > test/fixtures/verify/schema.json
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeMessage } from '../site/js/verify/decode.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const protoDir = join(repo, 'proto');
const files = readdirSync(join(protoDir, 'minhbach/v1'))
  .filter((f) => f.endsWith('.proto'))
  .map((f) => `minhbach/v1/${f}`);
const out = join(mkdtempSync(join(tmpdir(), 'schema-')), 'set.pb');
execFileSync('protoc', [
  `-I${protoDir}`,
  '--include_imports',
  `--descriptor_set_out=${out}`,
  ...files,
]);

const f = (no, name, type, extra = {}) => ({ no, name, type, repeated: false, ...extra });
const rep = (no, name, type, typeName) => ({ no, name, type, typeName, repeated: true });
const D = 'google.protobuf.';
const bootstrap = {
  messages: {
    [`${D}FileDescriptorSet`]: { fields: [rep(1, 'file', 'message', `${D}FileDescriptorProto`)] },
    [`${D}FileDescriptorProto`]: {
      fields: [
        f(1, 'name', 'string'),
        f(2, 'package', 'string'),
        rep(4, 'messageType', 'message', `${D}DescriptorProto`),
        rep(5, 'enumType', 'message', `${D}EnumDescriptorProto`),
      ],
    },
    [`${D}DescriptorProto`]: {
      fields: [
        f(1, 'name', 'string'),
        rep(2, 'field', 'message', `${D}FieldDescriptorProto`),
        rep(3, 'nestedType', 'message', `${D}DescriptorProto`),
        rep(4, 'enumType', 'message', `${D}EnumDescriptorProto`),
      ],
    },
    [`${D}FieldDescriptorProto`]: {
      fields: [
        f(1, 'name', 'string'),
        f(3, 'number', 'int32'),
        f(4, 'label', 'int32'),
        f(5, 'type', 'int32'),
        f(6, 'typeName', 'string'),
        f(10, 'jsonName', 'string'),
      ],
    },
    [`${D}EnumDescriptorProto`]: {
      fields: [f(1, 'name', 'string'), rep(2, 'value', 'message', `${D}EnumValueDescriptorProto`)],
    },
    [`${D}EnumValueDescriptorProto`]: { fields: [f(1, 'name', 'string'), f(2, 'number', 'int32')] },
  },
  enums: {},
};
const TYPES = [
  null,
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'group',
  'message',
  'bytes',
  'uint32',
  'enum',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
];

const set = decodeMessage(new Uint8Array(readFileSync(out)), `${D}FileDescriptorSet`, bootstrap);
const schema = { messages: {}, enums: {} };
const wanted = (full) => full.startsWith('minhbach.v1.') || full === 'google.protobuf.Timestamp';
function addEnum(prefix, e) {
  const full = `${prefix}.${e.name}`;
  if (!full.startsWith('minhbach.v1.')) return;
  schema.enums[full] = Object.fromEntries(e.value.map((v) => [String(v.number), v.name]));
}
function addMessage(prefix, m) {
  const full = `${prefix}.${m.name}`;
  if (wanted(full)) {
    schema.messages[full] = {
      fields: m.field.map((x) => {
        const field = {
          no: x.number,
          name: x.jsonName,
          type: TYPES[x.type],
          repeated: x.label === 3,
        };
        if (x.typeName) field.typeName = x.typeName.replace(/^\./, '');
        return field;
      }),
    };
  }
  m.nestedType.forEach((n) => addMessage(full, n));
  m.enumType.forEach((e) => addEnum(full, e));
}
for (const file of set.file) {
  file.messageType.forEach((m) => addMessage(file.package, m));
  file.enumType.forEach((e) => addEnum(file.package, e));
}
process.stdout.write(`${JSON.stringify(schema, null, 1)}\n`);
