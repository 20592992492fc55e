import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestPki, generateP8, makeP12, type TestPki } from '@herald/emulators/pki';
import { ErrorCatalogue, type ErrorCode } from '@herald/protocol';
import { startLoggingTestServer } from './log-capture-server.ts';
import { admin, createTestApp, request, snapshot, type TestApp } from './fixtures.ts';

const PASSWORD = 'p12-s3cret-pass';

describe('management API: APNs credentials', () => {
  let server: Awaited<ReturnType<typeof startLoggingTestServer>>;
  let pki: TestPki;
  let app: TestApp;
  const secrets: string[] = [PASSWORD];

  before(async () => {
    server = await startLoggingTestServer();
    pki = createTestPki();
    app = await createTestApp(server, { bundleId: 'com.herald.demo' });
  });
  after(async () => server.close());

  function expectCode(res: { status: number; body: { code: string } }, code: ErrorCode, retCode: number): void {
    assert.equal(res.body.code, code);
    assert.equal(res.status, ErrorCatalogue[code].status);
    assert.equal(ErrorCatalogue[code].retCode, retCode);
  }

  it('stores a .p8 key sealed, shows its meta, and bumps the app', async () => {
    const p8 = generateP8();
    secrets.push(p8.privateKeyPem.split('\n')[1] as string);
    const beforeApp = await admin(server, 'GET', `/apps/${app.accessId}`);
    const res = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p8', keyId: p8.keyId, teamId: 'TEAM123456', key: p8.privateKeyPem });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.kind, 'p8');
    assert.equal(res.body.meta.keyId, p8.keyId);
    assert.equal(res.body.meta.teamId, 'TEAM123456');
    assert.deepEqual(res.body.meta.topics, ['com.herald.demo']);
    assert.match(res.body.meta.fingerprint, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const afterApp = await admin(server, 'GET', `/apps/${app.accessId}`);
    assert.ok(afterApp.body.updatedAt > beforeApp.body.updatedAt);
    const row = await server.ctx.store.db.selectFrom('credential').selectAll().where('access_id', '=', app.accessId).executeTakeFirstOrThrow();
    assert.ok(!row.secret_sealed.includes('PRIVATE KEY'));
    const opened = JSON.parse(server.ctx.secretBox.open(row.secret_sealed)) as { kind: string; privateKeyPem: string };
    assert.equal(opened.kind, 'p8');
    assert.match(opened.privateKeyPem, /BEGIN PRIVATE KEY/);
  });

  it('accepts a .p8 as a multipart upload', async () => {
    const p8 = generateP8();
    const form = new FormData();
    form.set('keyId', p8.keyId);
    form.set('teamId', 'TEAM654321');
    form.set('file', new Blob([p8.privateKeyPem]), `AuthKey_${p8.keyId}.p8`);
    const res = await request(`${server.url}/api/apps/${app.accessId}/credentials/apns/dev`, { method: 'PUT', headers: server.admin, raw: form });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.kind, 'p8');
    assert.equal(res.body.environment, 'dev');
    const bad = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/dev`, { kind: 'p8', keyId: 'short', teamId: 'TEAM654321', key: p8.privateKeyPem });
    expectCode(bad, 'CREDENTIAL_PARSE_FAILED', 1008013);
    const notKey = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/dev`, { kind: 'p8', keyId: 'ABCDEFGHIJ', teamId: 'TEAM654321', key: 'hello' });
    expectCode(notKey, 'CREDENTIAL_PARSE_FAILED', 1008013);
  });

  for (const legacy of [false, true]) {
    it(`stores a ${legacy ? 'legacy RC2-40' : 'modern'} .p12 and shows its topic and expiry`, async () => {
      const cert = pki.issueApnsClientCert({ bundleId: 'com.herald.demo', environment: 'universal' });
      secrets.push(cert.keyPem.split('\n')[1] as string);
      const p12 = makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: PASSWORD, legacy });
      const res = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p12', p12: p12.toString('base64'), password: PASSWORD });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.body.kind, 'p12');
      assert.ok(res.body.meta.topics.includes('com.herald.demo'));
      assert.equal(res.body.meta.fingerprint, cert.fingerprint256);
      assert.ok(Date.parse(res.body.meta.notAfter) > Date.now());
      assert.match(res.body.meta.subject, /com\.herald\.demo/);
      const row = await server.ctx.store.db.selectFrom('credential').selectAll()
        .where('access_id', '=', app.accessId).where('environment', '=', 'product').executeTakeFirstOrThrow();
      const opened = JSON.parse(server.ctx.secretBox.open(row.secret_sealed)) as { kind: string; keyPem: string; certPem: string };
      assert.equal(opened.kind, 'p12');
      assert.match(opened.certPem, /BEGIN CERTIFICATE/);
      assert.match(opened.keyPem, /PRIVATE KEY/);
    });
  }

  it('accepts a .p12 as a multipart upload', async () => {
    const cert = pki.issueApnsClientCert({ bundleId: 'com.herald.demo', environment: 'dev' });
    const form = new FormData();
    form.set('password', PASSWORD);
    form.set('file', new Blob([new Uint8Array(makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: PASSWORD, legacy: true }))]), 'push.p12');
    const res = await request(`${server.url}/api/apps/${app.accessId}/credentials/apns/dev`, { method: 'PUT', headers: server.admin, raw: form });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.kind, 'p12');
    assert.deepEqual(res.body.meta.environments, ['dev']);
  });

  it('refuses a wrong password, another bundle, an expired certificate and garbage with TPNS codes, changing nothing', async () => {
    const before = await snapshot(server);
    const good = pki.issueApnsClientCert({ bundleId: 'com.herald.demo', environment: 'universal' });
    const wrongPassword = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, {
      kind: 'p12', p12: makeP12({ keyPem: good.keyPem, certPem: good.certPem, password: PASSWORD, legacy: true }).toString('base64'), password: 'not-it',
    });
    expectCode(wrongPassword, 'CREDENTIAL_P12_PASSWORD', 1008022);
    const other = pki.issueApnsClientCert({ bundleId: 'com.someone.else', environment: 'universal' });
    const mismatch = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, {
      kind: 'p12', p12: makeP12({ keyPem: other.keyPem, certPem: other.certPem, password: PASSWORD }).toString('base64'), password: PASSWORD,
    });
    expectCode(mismatch, 'CREDENTIAL_BUNDLE_MISMATCH', 1008020);
    const day = 86_400_000;
    const old = pki.issueApnsClientCert({ bundleId: 'com.herald.demo', environment: 'universal', notBefore: new Date(Date.now() - 400 * day), notAfter: new Date(Date.now() - day) });
    const expired = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, {
      kind: 'p12', p12: makeP12({ keyPem: old.keyPem, certPem: old.certPem, password: PASSWORD }).toString('base64'), password: PASSWORD,
    });
    expectCode(expired, 'CREDENTIAL_EXPIRED', 1008023);
    const devOnly = pki.issueApnsClientCert({ bundleId: 'com.herald.demo', environment: 'dev' });
    const wrongEnv = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, {
      kind: 'p12', p12: makeP12({ keyPem: devOnly.keyPem, certPem: devOnly.certPem, password: PASSWORD }).toString('base64'), password: PASSWORD,
    });
    expectCode(wrongEnv, 'CREDENTIAL_EXPIRED', 1008023);
    const garbage = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p12', p12: Buffer.from('definitely not a pfx').toString('base64'), password: 'x' });
    expectCode(garbage, 'CREDENTIAL_P12_INVALID', 1008021);
    const missing = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'p12' });
    assert.equal(missing.body.code, 'REQUEST_PARAM_MISSING');
    const badKind = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/product`, { kind: 'pem' });
    assert.equal(badKind.body.code, 'REQUEST_PARAM_INVALID');
    const badEnv = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/staging`, { kind: 'p12' });
    assert.equal(badEnv.status, 400);
    const android = await createTestApp(server, { platform: 'android' });
    const notIos = await admin(server, 'PUT', `/apps/${android.accessId}/credentials/apns/dev`, { kind: 'p12', p12: 'AAAA', password: '' });
    assert.equal(notIos.body.code, 'REQUEST_PARAM_INVALID');
    const unknownApp = await admin(server, 'PUT', '/apps/1999999999/credentials/apns/dev', { kind: 'p12', p12: 'AAAA', password: '' });
    assert.equal(unknownApp.body.code, 'APP_NOT_FOUND');
    const noAuth = await request(`${server.url}/api/apps/${app.accessId}/credentials/apns/dev`, { method: 'PUT', body: { kind: 'p12' } });
    assert.equal(noAuth.status, 401);
    // The android app above was created on purpose; nothing else changed.
    const afterRows = JSON.parse(await snapshot(server)) as { credential: unknown[] };
    assert.deepEqual(afterRows.credential, (JSON.parse(before) as { credential: unknown[] }).credential);
  });

  it('lists credentials with meta only, deletes them, and never shows or logs a secret', async () => {
    const list = await admin(server, 'GET', `/apps/${app.accessId}/credentials`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.credentials.map((c: { environment: string }) => c.environment).sort(), ['dev', 'product']);
    for (const c of list.body.credentials) assert.equal(JSON.stringify(c).includes('PRIVATE'), false);
    const beforeApp = await admin(server, 'GET', `/apps/${app.accessId}`);
    const del = await admin(server, 'DELETE', `/apps/${app.accessId}/credentials/apns/dev`);
    assert.equal(del.status, 204);
    assert.ok((await admin(server, 'GET', `/apps/${app.accessId}`)).body.updatedAt > beforeApp.body.updatedAt);
    const again = await admin(server, 'DELETE', `/apps/${app.accessId}/credentials/apns/dev`);
    assert.equal(again.body.code, 'CREDENTIAL_NOT_FOUND');
    assert.equal((await admin(server, 'GET', `/apps/${app.accessId}/credentials`)).body.credentials.length, 1);

    const logs = server.logs();
    assert.ok(logs.length > 0, 'the server logged something');
    for (const secret of [...secrets, app.secretKey]) assert.equal(logs.includes(secret), false, 'a secret reached the log');
  });
});
