// The JSON API is the gRPC API: @connectrpc/connect-web (with the service
// descriptors from protoc, no generated code) and curl-like fetch calls get
// what the gRPC port answers.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createFileRegistry, fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { ConnectError, Code, createClient } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { env, grpcAnswer, token } from './harness.mjs';

const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, readFileSync(env.descriptors)));
const service = (name) => registry.getService(`minhbach.v1.${name}`);
const transport = (role) => createConnectTransport({
  baseUrl: env.http,
  useBinaryFormat: false,
  interceptors: [(next) => async (req) => {
    req.header.set('Authorization', `Bearer ${token(role)}`);
    return next(req);
  }],
});

test('connect-web reads the dashboard the gRPC port gives', async () => {
  const client = createClient(service('ProgramStatus'), transport('supervisor'));
  const request = { referenceDate: '2024-11-30' };
  const web = await client.getDashboard(request);
  const grpc = grpcAnswer('/minhbach.v1.ProgramStatus/GetDashboard', request);
  assert.ok(grpc.subprojects.length >= 6, 'the seed has six sub-projects');
  assert.equal(web.subprojects.length, grpc.subprojects.length);
  for (const [i, sp] of grpc.subprojects.entries()) {
    assert.equal(web.subprojects[i].subprojectId, sp.subprojectId);
    assert.equal(String(web.subprojects[i].money.disbursedDong), sp.money.disbursedDong);
    assert.equal(String(web.subprojects[i].money.allocatedDong), sp.money.allocatedDong);
  }
});

test('connect-web sees a refusal with its code and the server message', async () => {
  const client = createClient(service('Finance'), transport('supervisor'));
  await assert.rejects(client.recordDisbursement({ body: { subprojectId: 'DA3-TDA3' } }), (e) => {
    assert.ok(e instanceof ConnectError, String(e));
    assert.equal(e.code, Code.PermissionDenied);
    assert.match(e.rawMessage, /coordinator/);
    return true;
  });
});

test('a call without a token is unauthenticated, in Connect error JSON', async () => {
  const res = await fetch(`${env.http}/minhbach.v1.ProgramStatus/GetDashboard`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  assert.equal(res.status, 401);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const body = await res.json();
  assert.equal(body.code, 'unauthenticated');
  assert.ok(body.message.length > 0);
});
