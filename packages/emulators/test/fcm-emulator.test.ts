import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, beforeEach, describe, test } from 'node:test';
import { SignJWT, importPKCS8 } from 'jose';
import { createFcmEmulator, createFcmServiceAccount, type FcmEmulator, type GeneratedServiceAccount } from '../fcm/index.ts';
import { createTestPki } from '../pki/index.ts';

const PROJECT = 'herald-test-1';
const OTHER_PROJECT = 'other-project-2';
const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const HOUR_S = 3600;
const WINDOW =
  'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. ' +
  'Check your iat and exp values in the JWT claim.';

let now = Date.now();
let emu: FcmEmulator;
let account: GeneratedServiceAccount;
let otherAccount: GeneratedServiceAccount;
let strangerAccount: GeneratedServiceAccount;

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown> | undefined;
}

async function call(url: string, init: RequestInit): Promise<Reply> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

async function assertion(a: GeneratedServiceAccount, claims: Record<string, unknown> = {}, o: { alg?: 'RS256' | 'RS384'; kid?: string } = {}): Promise<string> {
  const key = await importPKCS8(a.json['private_key']!, o.alg ?? 'RS256');
  const iat = Math.floor(now / 1000);
  return new SignJWT({ iss: a.json['client_email'], scope: FCM_SCOPE, aud: emu.tokenUrl, iat, exp: iat + HOUR_S, ...claims })
    .setProtectedHeader({ alg: o.alg ?? 'RS256', typ: 'JWT', kid: o.kid ?? a.json['private_key_id']! })
    .sign(key);
}

function tokenRequest(jwt: string, grantType = JWT_BEARER): Promise<Reply> {
  return call(emu.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, assertion: jwt }).toString(),
  });
}

async function accessToken(a: GeneratedServiceAccount = account, claims: Record<string, unknown> = {}): Promise<string> {
  const r = await tokenRequest(await assertion(a, claims));
  assert.equal(r.status, 200, r.text);
  return r.json!['access_token'] as string;
}

function send(token: string | undefined, body: unknown, project = PROJECT): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  return call(`${emu.url}/v1/projects/${project}/messages:send`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

function errorOf(r: Reply): { code: number; message: string; status: string; details?: Array<Record<string, unknown>> } {
  return r.json!['error'] as { code: number; message: string; status: string; details?: Array<Record<string, unknown>> };
}

function fcmCode(r: Reply): string | undefined {
  return errorOf(r).details?.find((d) => d['@type'] === 'type.googleapis.com/google.firebase.fcm.v1.FcmError')?.['errorCode'] as string | undefined;
}

function violations(r: Reply): Array<{ field: string; description: string }> {
  const detail = errorOf(r).details?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.BadRequest');
  return (detail?.['fieldViolations'] ?? []) as Array<{ field: string; description: string }>;
}

before(async () => {
  emu = await createFcmEmulator({ clock: () => now });
  account = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl });
  otherAccount = createFcmServiceAccount({ projectId: OTHER_PROJECT, tokenUri: emu.tokenUrl });
  strangerAccount = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl, name: 'never-registered' });
  emu.registerServiceAccount(account.registration);
  emu.registerServiceAccount(otherAccount.registration);
});

after(() => emu.close());

beforeEach(() => {
  now = Date.now();
  emu.reset();
});

describe('OAuth token endpoint', () => {
  test('issues a one-hour Bearer access token for a registered service account', async () => {
    const r = await tokenRequest(await assertion(account));
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(r.json!['token_type'], 'Bearer');
    assert.equal(r.json!['expires_in'], 3599);
    assert.match(r.json!['access_token'] as string, /^ya29\.[\w-]{40,}$/);
    assert.equal(emu.counters.tokensIssued, 1);
  });

  test('accepts the audiences Google clients use, and its own URL', async () => {
    for (const aud of ['https://oauth2.googleapis.com/token', 'https://www.googleapis.com/oauth2/v4/token', 'https://accounts.google.com/o/oauth2/token', emu.tokenUrl]) {
      const r = await tokenRequest(await assertion(account, { aud }));
      assert.equal(r.status, 200, `${aud}: ${r.text}`);
    }
  });

  test('refuses bad assertions with Google OAuth error bodies', async () => {
    const iat = Math.floor(now / 1000);
    const cases: Array<[string, Promise<string>, string, string]> = [
      ['unknown account', assertion(strangerAccount), 'invalid_grant', 'Invalid grant: account not found'],
      ['signed with another key', assertion(otherAccount, { iss: account.json['client_email'] }, { kid: 'x' }), 'invalid_grant', 'Invalid JWT Signature.'],
      ['wrong algorithm', assertion(account, {}, { alg: 'RS384' }), 'invalid_grant', 'Invalid JWT Signature.'],
      ['wrong audience', assertion(account, { aud: 'https://example.com/token' }), 'invalid_grant', 'Invalid JWT: Failed audience check.'],
      ['lifetime over an hour', assertion(account, { exp: iat + HOUR_S + 1 }), 'invalid_grant', WINDOW],
      ['already expired', assertion(account, { iat: iat - 2 * HOUR_S, exp: iat - HOUR_S }), 'invalid_grant', WINDOW],
      ['no scope', assertion(account, { scope: '' }), 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.'],
    ];
    for (const [label, jwt, error, description] of cases) {
      const r = await tokenRequest(await jwt);
      assert.equal(r.status, 400, label);
      assert.deepEqual(r.json, { error, error_description: description }, label);
    }
    const grant = await tokenRequest(await assertion(account), 'client_credentials');
    assert.deepEqual(grant.json, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: client_credentials' });
    const tampered = (await assertion(account)).replace(/\.[^.]+$/, '.AAAA');
    assert.equal((await tokenRequest(tampered)).json!['error_description'], 'Invalid JWT Signature.');
    assert.equal(emu.counters.tokensIssued, 0);
  });

  test('answers injected outages with the status and Retry-After asked for', async () => {
    emu.injectTokenEndpointFault({ status: 503, retryAfterSeconds: 9, times: 1 });
    const down = await tokenRequest(await assertion(account));
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '9');
    assert.equal((await tokenRequest(await assertion(account))).status, 200);
  });
});

describe('send endpoint: authentication', () => {
  test('401 without a bearer token, with an unknown one, an expired one or a revoked one', async () => {
    const device = emu.registerDevice({ projectId: PROJECT });
    const body = { message: { token: device, notification: { title: 'a', body: 'b' } } };
    const missing = await send(undefined, body);
    assert.equal(missing.status, 401);
    assert.equal(errorOf(missing).status, 'UNAUTHENTICATED');
    assert.match(errorOf(missing).message, /^Request is missing required authentication credential\./);
    const unknown = await send('ya29.not-issued', body);
    assert.equal(unknown.status, 401);
    assert.match(errorOf(unknown).message, /^Request had invalid authentication credentials\./);

    const token = await accessToken();
    assert.equal((await send(token, body)).status, 200);
    now += 3599 * 1000;
    assert.equal((await send(token, body)).status, 401, 'expired');
    const fresh = await accessToken();
    emu.revokeAccessTokens();
    assert.equal((await send(fresh, body)).status, 401, 'revoked');
    emu.unregisterServiceAccount(account.registration.clientEmail);
    assert.equal((await tokenRequest(await assertion(account))).json!['error_description'], 'Invalid grant: account not found');
    emu.registerServiceAccount(account.registration);
  });

  test('403 when the token lacks the FCM scope or the account sends for another project', async () => {
    const device = emu.registerDevice({ projectId: PROJECT });
    const body = { message: { token: device } };
    const wrongScope = await send(await accessToken(account, { scope: 'https://www.googleapis.com/auth/userinfo.email' }), body);
    assert.equal(wrongScope.status, 403);
    assert.deepEqual(wrongScope.json, { error: { code: 403, message: 'Request had insufficient authentication scopes.', status: 'PERMISSION_DENIED' } });
    const cloudPlatform = await send(await accessToken(account, { scope: 'https://www.googleapis.com/auth/cloud-platform' }), body);
    assert.equal(cloudPlatform.status, 200);
    const other = await send(await accessToken(otherAccount), body);
    assert.equal(other.status, 403);
    assert.equal(errorOf(other).status, 'PERMISSION_DENIED');
    assert.equal(
      errorOf(other).message,
      "Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/herald-test-1' (or it may not exist).",
    );
  });
});

describe('send endpoint: message schema', () => {
  let token: string;
  let device: string;
  beforeEach(async () => {
    token = await accessToken();
    device = emu.registerDevice({ projectId: PROJECT });
  });

  test('reports every non-string data value as Google does', async () => {
    const r = await send(token, { message: { token: device, data: { score: 12, ok: 'yes', flag: true } } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, {
      error: {
        code: 400,
        message: "Invalid value at 'message.data[0].value' (TYPE_STRING), 12\nInvalid value at 'message.data[2].value' (TYPE_STRING), true",
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: [
              { field: 'message.data[0].value', description: "Invalid value at 'message.data[0].value' (TYPE_STRING), 12" },
              { field: 'message.data[2].value', description: "Invalid value at 'message.data[2].value' (TYPE_STRING), true" },
            ],
          },
        ],
      },
    });
  });

  test('refuses unknown field names (the legacy android_channel_id) and accepts lowerCamel JSON names', async () => {
    const legacy = await send(token, { message: { token: device, android: { notification: { android_channel_id: 'alerts' } } } });
    assert.equal(legacy.status, 400);
    assert.deepEqual(violations(legacy), [
      {
        field: 'message.android.notification',
        description: 'Invalid JSON payload received. Unknown name "android_channel_id" at \'message.android.notification\': Cannot find field.',
      },
    ]);
    const camel = await send(token, { message: { token: device, android: { collapseKey: 'c', notification: { channelId: 'alerts', clickAction: 'OPEN' } } } });
    assert.equal(camel.status, 200, camel.text);
    const got = emu.inbox(device)[0]!;
    assert.deepEqual(got.message['android'], { collapse_key: 'c', notification: { channel_id: 'alerts', click_action: 'OPEN' } });
    assert.deepEqual(got.raw, { token: device, android: { collapseKey: 'c', notification: { channelId: 'alerts', clickAction: 'OPEN' } } });
  });

  test('checks enums (any case), durations and the target oneof', async () => {
    assert.equal((await send(token, { message: { token: device, android: { priority: 'normal', ttl: '3.5s' } } })).status, 200);
    assert.deepEqual(emu.inbox(device)[0]!.message['android'], { priority: 'NORMAL', ttl: '3.5s' });
    const badEnum = await send(token, { message: { token: device, android: { priority: 'URGENT' } } });
    assert.equal(violations(badEnum)[0]!.description, 'Invalid value at \'message.android.priority\' (type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), "URGENT"');
    const badTtl = await send(token, { message: { token: device, android: { ttl: 3600 } } });
    assert.equal(violations(badTtl)[0]!.field, 'message.android.ttl');
    const longTtl = await send(token, { message: { token: device, android: { ttl: '2419201s' } } });
    assert.equal(longTtl.status, 400);
    assert.equal(fcmCode(longTtl), 'INVALID_ARGUMENT');
    assert.equal(violations(longTtl)[0]!.field, 'message.android.ttl');
    assert.equal((await send(token, { message: { token: device, android: { ttl: '2419200s' } } })).status, 200);
    const two = await send(token, { message: { token: device, topic: 'news' } });
    assert.equal(two.status, 400);
    assert.equal(violations(two)[0]!.field, 'message');
    const none = await send(token, { message: { notification: { title: 'x' } } });
    assert.deepEqual(none.json, {
      error: {
        code: 400,
        message: 'Recipient of the message is not set.',
        status: 'INVALID_ARGUMENT',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message', description: 'Recipient of the message is not set.' }] },
          { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' },
        ],
      },
    });
    const bogusTop = await send(token, { message: { token: device }, dry_run: true });
    assert.equal(violations(bogusTop)[0]!.description, 'Invalid JSON payload received. Unknown name "dry_run": Cannot find field.');
    const notJson = await send(token, '{"message": ');
    assert.equal(notJson.status, 400);
    assert.equal(errorOf(notJson).status, 'INVALID_ARGUMENT');
  });

  test('refuses reserved data keys and malformed colors', async () => {
    for (const key of ['from', 'message_type', 'google.sent_time', 'gcm.notification.title']) {
      const r = await send(token, { message: { token: device, data: { [key]: 'x' } } });
      assert.equal(r.status, 400, key);
      assert.equal(fcmCode(r), 'INVALID_ARGUMENT', key);
      assert.equal(violations(r)[0]!.field, 'message.data', key);
    }
    assert.equal((await send(token, { message: { token: device, data: { collapse_key: 'allowed' } } })).status, 200);
    const color = await send(token, { message: { token: device, android: { notification: { color: 'red' } } } });
    assert.equal(violations(color)[0]!.field, 'message.android.notification.color');
  });

  test('limits the payload to 4096 bytes (2048 for topics), keys and values, with a bare INVALID_ARGUMENT', async () => {
    const fill = (total: number): Record<string, string> => ({ k: 'v'.repeat(total - 1) });
    assert.equal((await send(token, { message: { token: device, data: fill(4096) } })).status, 200);
    const over = await send(token, { message: { token: device, data: fill(4097) } });
    assert.equal(over.status, 400);
    assert.deepEqual(over.json, { error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } });
    // Notification text counts too, and multi-byte characters count as their UTF-8 bytes.
    const mixed = { title: 'é'.repeat(1000), body: 'b'.repeat(2083) };
    assert.equal(Buffer.byteLength('title' + mixed.title + 'body' + mixed.body), 4092);
    assert.equal((await send(token, { message: { token: device, notification: mixed, data: { ab: 'cd' } } })).status, 200);
    assert.equal((await send(token, { message: { token: device, notification: mixed, data: { ab: 'cde' } } })).status, 400);
    assert.equal((await send(token, { message: { topic: 'news', data: fill(2048) } })).status, 200);
    assert.equal((await send(token, { message: { topic: 'news', data: fill(2049) } })).status, 400);
  });
});

describe('send endpoint: devices and delivery', () => {
  let token: string;
  beforeEach(async () => {
    token = await accessToken();
  });

  test('delivers to the device inbox and answers with the message name', async () => {
    const device = emu.registerDevice({ projectId: PROJECT });
    assert.match(device, /^[\w-]{22}:APA91b[\w-]{134}$/);
    const r = await send(token, { message: { token: device, notification: { title: 'Hi', body: 'There' }, data: { orderId: '42' } } });
    assert.equal(r.status, 200);
    const name = r.json!['name'] as string;
    assert.match(name, /^projects\/herald-test-1\/messages\/0:\d+%[0-9a-f]{16}$/);
    const inbox = emu.inbox(device);
    assert.equal(inbox.length, 1);
    assert.equal(inbox[0]!.name, name);
    assert.equal(inbox[0]!.via, 'token');
    assert.deepEqual(inbox[0]!.message, { token: device, notification: { title: 'Hi', body: 'There' }, data: { orderId: '42' } });
    assert.equal(inbox[0]!.receivedAt, now);
  });

  test('validate_only checks everything and delivers nothing', async () => {
    const device = emu.registerDevice({ projectId: PROJECT });
    const r = await send(token, { validate_only: true, message: { token: device, notification: { title: 'dry' } } });
    assert.deepEqual(r.json, { name: 'projects/herald-test-1/messages/fake_message_id' });
    assert.equal(emu.inbox(device).length, 0);
    assert.equal(emu.counters.validateOnly, 1);
    const gone = emu.registerDevice({ projectId: PROJECT });
    emu.unregisterDevice(gone);
    assert.equal((await send(token, { validateOnly: true, message: { token: gone } })).status, 404);
  });

  test('answers each dead or foreign token with its FCM error', async () => {
    const malformed = await send(token, { message: { token: 'not a token' } });
    assert.deepEqual(malformed.json, {
      error: {
        code: 400,
        message: 'The registration token is not a valid FCM registration token',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'INVALID_ARGUMENT' }],
      },
    });
    assert.deepEqual((await send(token, { message: { token: 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1...' } })).json, malformed.json);

    const gone = emu.registerDevice({ projectId: PROJECT });
    emu.unregisterDevice(gone);
    const unregistered = await send(token, { message: { token: gone } });
    assert.deepEqual(unregistered.json, {
      error: {
        code: 404,
        message: 'Requested entity was not found.',
        status: 'NOT_FOUND',
        details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' }],
      },
    });

    const foreign = emu.registerDevice({ projectId: OTHER_PROJECT });
    const mismatch = await send(token, { message: { token: foreign } });
    assert.equal(mismatch.status, 403);
    assert.equal(fcmCode(mismatch), 'SENDER_ID_MISMATCH');
    assert.equal(errorOf(mismatch).status, 'PERMISSION_DENIED');

    const app = emu.registerDevice({ projectId: PROJECT, packageName: 'com.example.app' });
    const wrongPackage = await send(token, { message: { token: app, android: { restricted_package_name: 'com.example.other' } } });
    assert.equal(fcmCode(wrongPackage), 'INVALID_ARGUMENT');
    assert.equal((await send(token, { message: { token: app, android: { restricted_package_name: 'com.example.app' } } })).status, 200);
    assert.deepEqual(emu.counters.rejected, { INVALID_ARGUMENT: 3, UNREGISTERED: 1, SENDER_ID_MISMATCH: 1 });
  });

  test('fans a topic message out to the subscribed devices of the project', async () => {
    const [a, b, c] = [emu.registerDevice({ projectId: PROJECT }), emu.registerDevice({ projectId: PROJECT }), emu.registerDevice({ projectId: PROJECT })];
    emu.subscribe(a, 'news');
    emu.subscribe(b, 'news');
    emu.unregisterDevice(b);
    const r = await send(token, { message: { topic: 'news', notification: { title: 'Breaking' } } });
    assert.equal(r.status, 200);
    assert.equal(emu.inbox(a).length, 1);
    assert.equal(emu.inbox(a)[0]!.via, 'topic');
    assert.equal(emu.inbox(b).length, 0);
    assert.equal(emu.inbox(c).length, 0);
    assert.equal((await send(token, { message: { topic: '/topics/news' } })).status, 400);
  });
});

describe('send endpoint: injected faults', () => {
  test('quota, outage, internal error and gateway page, with Retry-After, then normal service', async () => {
    const token = await accessToken();
    const [a, b] = [emu.registerDevice({ projectId: PROJECT }), emu.registerDevice({ projectId: PROJECT })];
    emu.injectFault({ token: a, error: 'QUOTA_EXCEEDED', retryAfterSeconds: 30, times: 1 });
    const quota = await send(token, { message: { token: a } });
    assert.equal(quota.status, 429);
    assert.equal(quota.headers.get('retry-after'), '30');
    assert.equal(errorOf(quota).status, 'RESOURCE_EXHAUSTED');
    assert.equal(fcmCode(quota), 'QUOTA_EXCEEDED');
    assert.equal((await send(token, { message: { token: b } })).status, 200, 'the fault was for a only');
    assert.equal((await send(token, { message: { token: a } })).status, 200, 'used up');

    emu.injectFault({ error: 'UNAVAILABLE', retryAfterSeconds: 5, times: 1 });
    emu.injectFault({ error: 'INTERNAL', times: 1 });
    emu.injectFault({ error: 'BAD_GATEWAY', times: 1 });
    const unavailable = await send(token, { message: { token: b } });
    assert.deepEqual([unavailable.status, unavailable.headers.get('retry-after'), fcmCode(unavailable)], [503, '5', 'UNAVAILABLE']);
    const internal = await send(token, { message: { token: b } });
    assert.deepEqual([internal.status, errorOf(internal).message, fcmCode(internal)], [500, 'Internal error encountered.', 'INTERNAL']);
    const gateway = await send(token, { message: { token: b } });
    assert.equal(gateway.status, 502);
    assert.match(gateway.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(gateway.text, /Error 502 \(Server Error\)/);
    assert.equal((await send(token, { message: { token: b } })).status, 200);
  });

  test('delays answers by the latency asked for', async () => {
    const token = await accessToken();
    const device = emu.registerDevice({ projectId: PROJECT });
    emu.setLatency(120);
    const started = performance.now();
    assert.equal((await send(token, { message: { token: device } })).status, 200);
    assert.ok(performance.now() - started >= 110);
  });
});

describe('HTTPS', () => {
  test('serves the same API over TLS with a certificate from the test CA', async () => {
    const pki = createTestPki();
    const tls = await createFcmEmulator({ pki });
    try {
      assert.match(tls.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(tls.caCertPem, pki.caCertPem);
      // Global fetch cannot take an extra CA: node:https can.
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = https.request(`${tls.url}/token`, { method: 'POST', ca: pki.caCertPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end('grant_type=password');
      });
      assert.equal(reply.status, 400);
      assert.deepEqual(JSON.parse(reply.body), { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: password' });
      await assert.rejects(fetch(`${tls.url}/token`, { method: 'POST' }), 'untrusted without the CA');
    } finally {
      await tls.close();
    }
  });
});
