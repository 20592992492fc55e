import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isHeraldError } from '@herald/protocol';
import { createFcmEmulator, createFcmServiceAccount, type FcmEmulator, type GeneratedServiceAccount } from '@herald/emulators/fcm';
import { createTestPki } from '@herald/emulators/pki';
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createFcmChannel,
  createFcmHttp,
  fcmErrorVerdict,
  FCM_TEXT_LIMITS,
  parseFcmCredential,
  readFcmError,
  shapeFcmText,
  validateFcmCredential,
  type FcmChannel,
  type FcmChannelOptions,
  type FcmCredential,
} from '../fcm/index.ts';

const PROJECT = 'herald-fcm-test';
const OTHER_PROJECT = 'someone-elses-app';
const MINUTE = 60_000;

let now = Date.now();
let emu: FcmEmulator;
let account: GeneratedServiceAccount;
let credential: FcmCredential;
const channels: FcmChannel[] = [];

function channel(o: Partial<FcmChannelOptions> = {}): FcmChannel {
  const ch = createFcmChannel({ credential, baseUrl: emu.url, clock: () => now, random: () => 0, ...o });
  channels.push(ch);
  return ch;
}

let counter = 0;
function targetsFor(n: number, projectId = PROJECT): DeliveryTarget[] {
  return Array.from({ length: n }, () => {
    counter++;
    return { token: `herald-${String(counter).padStart(29, '0')}`, vendorToken: emu.registerDevice({ projectId }) };
  });
}

function only(outcomes: PushOutcome[]): PushOutcome {
  assert.equal(outcomes.length, 1);
  return outcomes[0]!;
}

const simple = (extra: Partial<ChannelNotification> = {}): ChannelNotification => ({
  payload: { notification: { title: 'Hi', body: 'There' }, data: { orderId: '42' }, android: { priority: 'HIGH' } },
  ...extra,
});

before(async () => {
  emu = await createFcmEmulator({ clock: () => now });
  account = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl });
  emu.registerServiceAccount(account.registration);
  credential = parseFcmCredential(JSON.stringify(account.json));
});

after(async () => {
  await Promise.all(channels.map((c) => c.close()));
  await emu.close();
});

beforeEach(() => {
  now = Date.now();
  emu.reset();
});

describe('FCM channel: delivery', () => {
  it('delivers the message as given, with the token and the TTL left at send time', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    const notification = simple({ expiration: Math.floor(now / 1000) + 3600 });
    now += 10_000;
    const outcome = only(await ch.send(notification, [t!]));
    const inbox = emu.inbox(t!.vendorToken);
    assert.equal(inbox.length, 1);
    assert.deepEqual(outcome, { kind: 'delivered', token: t!.token, vendorId: inbox[0]!.messageId });
    assert.deepEqual(inbox[0]!.raw, {
      token: t!.vendorToken,
      notification: { title: 'Hi', body: 'There' },
      data: { orderId: '42' },
      android: { priority: 'HIGH', ttl: '3590s' },
    });
    assert.equal(ch.stats.tokenFetches, 1);
    assert.equal(ch.stats.delivered, 1);
  });

  it('sends expiration 0 as "0s" (now or never) and does not send a message past its deadline', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    assert.equal(only(await ch.send(simple({ expiration: 0 }), [t!])).kind, 'delivered');
    assert.deepEqual(emu.inbox(t!.vendorToken)[0]!.message['android'], { priority: 'HIGH', ttl: '0s' });
    const late = only(await ch.send(simple({ expiration: Math.floor(now / 1000) - 1 }), [t!]));
    assert.deepEqual(late, { kind: 'failed', token: t!.token, reason: 'Expired' });
    assert.equal(emu.counters.sendRequests, 1);
  });

  it('sends a dry run with validate_only: FCM answers, nothing is delivered', async () => {
    const ch = channel({ validateOnly: true });
    const [t] = targetsFor(1);
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'delivered', token: t!.token, vendorId: 'fake_message_id' });
    assert.equal(emu.inbox(t!.vendorToken).length, 0);
    assert.equal(emu.counters.validateOnly, 1);
  });

  it('answers a mixed batch with one outcome per target, in order', async () => {
    const ch = channel();
    const [ok1, gone, ok2] = targetsFor(3);
    emu.unregisterDevice(gone!.vendorToken);
    const foreign = targetsFor(1, OTHER_PROJECT)[0]!;
    const malformed = { token: 'herald-malformed', vendorToken: 'not a token' };
    const unknown = { token: 'herald-unknown', vendorToken: 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1' };
    const outcomes = await ch.send(simple(), [ok1!, gone!, foreign, malformed, unknown, ok2!]);
    assert.deepEqual(
      outcomes.map((o) => [o.token, o.kind, o.kind === 'delivered' ? 'ok' : o.reason, o.kind === 'failed' ? o.channelWide === true : false]),
      [
        [ok1!.token, 'delivered', 'ok', false],
        [gone!.token, 'rejected', 'UNREGISTERED', false],
        [foreign.token, 'failed', 'SENDER_ID_MISMATCH', true],
        ['herald-malformed', 'rejected', 'INVALID_ARGUMENT', false],
        ['herald-unknown', 'rejected', 'INVALID_ARGUMENT', false],
        [ok2!.token, 'delivered', 'ok', false],
      ],
    );
  });

  it('keeps many requests in flight over a few keep-alive connections', async () => {
    const ch = channel({ maxInFlight: 16 });
    emu.setLatency(5);
    const targets = targetsFor(200);
    const outcomes = await ch.send(simple(), targets);
    assert.ok(outcomes.every((o, i) => o.kind === 'delivered' && o.token === targets[i]!.token));
    assert.equal(emu.counters.accepted, 200);
    assert.ok(emu.counters.maxConcurrent <= 16 && emu.counters.maxConcurrent >= 8, `concurrency ${emu.counters.maxConcurrent}`);
    // Token endpoint plus at most maxInFlight connections to the send endpoint, reused for all 200 requests.
    assert.ok(ch.stats.socketsOpened <= 17, `sockets ${ch.stats.socketsOpened}`);
    assert.ok(emu.counters.connections <= 17);
    assert.equal(ch.stats.tokenFetches, 1);
  });

  it('keeps to maxInFlight, counts what waited and answers retry beyond maxQueued', async () => {
    const limited: Array<'delayed' | 'dropped'> = [];
    const ch = channel({ maxInFlight: 2, maxQueued: 10, observer: { onLimited: (c, kind) => limited.push(kind) } });
    emu.setLatency(5);
    const outcomes = await ch.send(simple(), targetsFor(25));
    assert.equal(outcomes.filter((o) => o.kind === 'delivered').length, 12);
    const dropped = outcomes.filter((o) => o.kind === 'retry');
    assert.equal(dropped.length, 13);
    assert.ok(dropped.every((o) => o.kind === 'retry' && o.reason === 'ChannelBusy' && o.retryAfterMs > 0));
    assert.ok(emu.counters.maxConcurrent <= 2);
    assert.deepEqual([ch.stats.delayed, ch.stats.dropped], [10, 13]);
    assert.deepEqual([limited.filter((k) => k === 'delayed').length, limited.filter((k) => k === 'dropped').length], [10, 13]);
  });

  it('works over HTTPS with the emulator CA', async () => {
    const pki = createTestPki();
    const tls = await createFcmEmulator({ pki, clock: () => now });
    try {
      const sa = createFcmServiceAccount({ projectId: PROJECT, tokenUri: tls.tokenUrl });
      tls.registerServiceAccount(sa.registration);
      const ch = createFcmChannel({ credential: parseFcmCredential(sa.json), baseUrl: tls.url, ca: pki.caCertPem, clock: () => now });
      channels.push(ch);
      const device = tls.registerDevice({ projectId: PROJECT });
      assert.equal(only(await ch.send(simple(), [{ token: 'herald-tls', vendorToken: device }])).kind, 'delivered');
      assert.equal(tls.inbox(device).length, 1);
    } finally {
      await tls.close();
    }
  });

  it('sends once more on a fresh connection when a reused keep-alive connection turns out closed', async () => {
    // A server that drops every connection at its second request without answering, as an idle keep-alive
    // connection closed by the server at the moment a request goes out on it.
    const perSocket = new WeakMap<object, number>();
    const server = http.createServer((req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      if (n === 2) {
        req.socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => res.end('{"name":"projects/p/messages/1"}'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const transport = createFcmHttp({ maxSockets: 1 });
    try {
      const ask = () => transport.request(url, { method: 'POST', headers: {}, body: '{}', timeoutMs: 2000 });
      assert.equal((await ask()).status, 200);
      assert.equal((await ask()).status, 200);
      assert.equal(transport.socketsOpened, 2);
    } finally {
      transport.close();
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('FCM channel: errors and retries', () => {
  it('fails a message FCM refuses (too big, non-string data) without blaming the token or the credential', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    const big = only(await ch.send({ payload: { data: { blob: 'x'.repeat(4100) } } }, [t!]));
    assert.deepEqual(big, { kind: 'failed', token: t!.token, reason: 'INVALID_ARGUMENT' });
    const typed = only(await ch.send({ payload: { data: { count: 12 } } }, [t!]));
    assert.deepEqual(typed, { kind: 'failed', token: t!.token, reason: 'INVALID_ARGUMENT' });
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
  });

  it('retries 429 QUOTA_EXCEEDED and 503 UNAVAILABLE after exactly their Retry-After', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    emu.injectFault({ token: t!.vendorToken, error: 'QUOTA_EXCEEDED', retryAfterSeconds: 7, times: 1 });
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'retry', token: t!.token, reason: 'QUOTA_EXCEEDED', retryAfterMs: 7000 });
    emu.injectFault({ error: 'UNAVAILABLE', retryAfterSeconds: 3, times: 1 });
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'retry', token: t!.token, reason: 'UNAVAILABLE', retryAfterMs: 3000 });
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
  });

  it('backs off exponentially, capped, when FCM gives no Retry-After (500, 502 page)', async () => {
    const ch = channel({ maxRetryDelayMs: 4000 });
    const [t] = targetsFor(1);
    emu.injectFault({ error: 'INTERNAL', times: 3 });
    emu.injectFault({ error: 'BAD_GATEWAY' });
    const seen: Array<[string, number]> = [];
    for (let i = 0; i < 5; i++) {
      const o = only(await ch.send(simple(), [t!]));
      assert.equal(o.kind, 'retry');
      if (o.kind === 'retry') seen.push([o.reason, o.retryAfterMs]);
      now += 10_000;
    }
    assert.deepEqual(seen, [['INTERNAL', 1000], ['INTERNAL', 2000], ['INTERNAL', 4000], ['HTTP502', 4000], ['HTTP502', 4000]]);
  });

  it('adds a random delay per message to backoffs without Retry-After, never to a Retry-After', async () => {
    const ch = channel({ random: () => 0.999 });
    const [t] = targetsFor(1);
    emu.injectFault({ error: 'INTERNAL', times: 1 });
    const o = only(await ch.send(simple(), [t!]));
    assert.ok(o.kind === 'retry' && o.retryAfterMs > 1000 && o.retryAfterMs < 1100, JSON.stringify(o));
    emu.injectFault({ error: 'UNAVAILABLE', retryAfterSeconds: 2, times: 1 });
    assert.equal((only(await ch.send(simple(), [t!])) as { retryAfterMs: number }).retryAfterMs, 2000);
  });

  it('answers retry when FCM cannot be reached or does not answer in time', async () => {
    const [t] = targetsFor(1);
    const down = channel({ baseUrl: 'http://127.0.0.1:1' });
    const refused = only(await down.send(simple(), [t!]));
    assert.equal(refused.kind, 'retry');
    assert.equal(refused.kind === 'retry' && refused.reason, 'NetworkError:ECONNREFUSED');
    const slow = channel({ requestTimeoutMs: 50 });
    emu.setLatency(1000);
    const timedOut = only(await slow.send(simple(), [t!]));
    emu.setLatency(0);
    assert.equal(timedOut.kind === 'retry' && timedOut.reason, 'Timeout');
  });

  it('reports each vendor round trip to the observer', async () => {
    const seen: Array<[number | 'error', string | undefined]> = [];
    const observer: ChannelObserver = {
      onVendorResponse: (id, status, reason, seconds) => {
        assert.equal(id, 'fcm');
        assert.ok(seconds >= 0);
        seen.push([status, reason]);
      },
    };
    const ch = channel({ observer });
    const [a, b] = targetsFor(2);
    emu.unregisterDevice(b!.vendorToken);
    await ch.send(simple(), [a!, b!]);
    assert.deepEqual(seen.sort(), [[200, undefined], [404, 'UNREGISTERED']]);
  });

  it('answers retry once closed', async () => {
    const ch = createFcmChannel({ credential, baseUrl: emu.url, clock: () => now });
    const [t] = targetsFor(1);
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
    await ch.close();
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'retry', token: t!.token, reason: 'ChannelClosed', retryAfterMs: 1000 });
  });

  it("maps Google's documented and captured error bodies", () => {
    const verdict = (status: number, body: unknown) => fcmErrorVerdict(readFcmError(status, JSON.stringify(body)));
    const fcmError = (errorCode: string) => ({ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode });
    // Captured: a bad token as a BadRequest violation on message.token, with the generic message.
    const capturedToken = {
      error: {
        code: 400,
        message: 'Request contains an invalid argument.',
        status: 'INVALID_ARGUMENT',
        details: [
          fcmError('INVALID_ARGUMENT'),
          { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field: 'message.token', description: 'Invalid registration token' }] },
        ],
      },
    };
    assert.deepEqual(verdict(400, capturedToken), { action: 'reject', reason: 'INVALID_ARGUMENT' });
    const bare = { error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } };
    assert.deepEqual(verdict(400, bare), { action: 'fail', reason: 'INVALID_ARGUMENT' });
    assert.deepEqual(verdict(401, { error: { code: 401, message: 'x', status: 'UNAUTHENTICATED' } }), { action: 'refresh-token', reason: 'UNAUTHENTICATED' });
    assert.deepEqual(verdict(401, { error: { code: 401, message: 'x', status: 'UNAUTHENTICATED', details: [fcmError('THIRD_PARTY_AUTH_ERROR')] } }), {
      action: 'fail-channel',
      reason: 'THIRD_PARTY_AUTH_ERROR',
    });
    assert.deepEqual(verdict(403, { error: { code: 403, message: 'x', status: 'PERMISSION_DENIED' } }), { action: 'fail-channel', reason: 'PERMISSION_DENIED' });
    assert.deepEqual(verdict(429, { error: { code: 429, message: 'x', status: 'RESOURCE_EXHAUSTED', details: [fcmError('QUOTA_EXCEEDED')] } }), {
      action: 'retry',
      reason: 'QUOTA_EXCEEDED',
      baseDelayMs: 60_000,
    });
    assert.deepEqual(fcmErrorVerdict(readFcmError(502, '<html>Error 502</html>')), { action: 'retry', reason: 'HTTP502', baseDelayMs: 1000 });
  });
});

describe('FCM channel: credentials and access tokens', () => {
  it('refetches the access token shortly before it expires', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
    now += 50 * MINUTE;
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
    assert.equal(ch.stats.tokenFetches, 1, 'still fresh after 50 minutes');
    now += 5 * MINUTE;
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
    assert.equal(ch.stats.tokenFetches, 2, 'refreshed in the last 5 minutes of its hour');
  });

  it('after a 401 fetches a new token and resends once; a second 401 is channel-wide', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
    emu.revokeAccessTokens();
    assert.equal(only(await ch.send(simple(), [t!])).kind, 'delivered');
    assert.deepEqual([ch.stats.tokenFetches, ch.stats.resent], [2, 1]);
    assert.equal(emu.inbox(t!.vendorToken).length, 2);

    emu.injectFault({ error: 'UNAUTHENTICATED' });
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'failed', token: t!.token, reason: 'UNAUTHENTICATED', channelWide: true });
    assert.deepEqual([ch.stats.tokenFetches, ch.stats.resent], [3, 2]);
  });

  it('fails every target channel-wide when the token endpoint refuses the account, asking it once', async () => {
    const stranger = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl, name: 'deleted-account' });
    const ch = channel({ credential: parseFcmCredential(stranger.json) });
    const outcomes = await ch.send(simple(), targetsFor(20));
    assert.ok(outcomes.every((o) => o.kind === 'failed' && o.channelWide === true && o.reason === 'invalid_grant'), JSON.stringify(outcomes[0]));
    assert.equal(emu.counters.tokenRequests, 1);
    assert.equal(emu.counters.sendRequests, 0);
    // Still refused a while later, still without asking again.
    now += 30_000;
    assert.equal(only(await ch.send(simple(), targetsFor(1))).kind, 'failed');
    assert.equal(emu.counters.tokenRequests, 1);
  });

  it('trips the breaker on SENDER_ID_MISMATCH, THIRD_PARTY_AUTH_ERROR and PERMISSION_DENIED', async () => {
    const ch = channel();
    const [t] = targetsFor(1);
    emu.injectFault({ error: 'SENDER_ID_MISMATCH', times: 1 });
    emu.injectFault({ error: 'THIRD_PARTY_AUTH_ERROR', times: 1 });
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'failed', token: t!.token, reason: 'SENDER_ID_MISMATCH', channelWide: true });
    assert.deepEqual(only(await ch.send(simple(), [t!])), { kind: 'failed', token: t!.token, reason: 'THIRD_PARTY_AUTH_ERROR', channelWide: true });
    assert.equal(ch.stats.resent, 0);
    // A service account of this project configured with another project's ID: the token works, the send is denied.
    const misconfigured = channel({ credential: { ...credential, projectId: OTHER_PROJECT } });
    assert.deepEqual(only(await misconfigured.send(simple(), [t!])), { kind: 'failed', token: t!.token, reason: 'PERMISSION_DENIED', channelWide: true });
  });

  it('retries when the token endpoint is down, after its Retry-After, with one request per outage', async () => {
    const ch = channel();
    emu.injectTokenEndpointFault({ status: 503, retryAfterSeconds: 4, times: 1 });
    const targets = targetsFor(10);
    const outcomes = await ch.send(simple(), targets);
    assert.ok(outcomes.every((o) => o.kind === 'retry' && o.reason === 'TokenHTTP503' && o.retryAfterMs <= 4000 && o.retryAfterMs > 3000), JSON.stringify(outcomes[0]));
    assert.equal(emu.counters.tokenRequests, 1);
    now += 4001;
    assert.ok((await ch.send(simple(), targets)).every((o) => o.kind === 'delivered'));
  });

  it('parses a service-account JSON and lists every problem of a bad one', () => {
    const parsed = parseFcmCredential(account.json);
    assert.deepEqual(
      { ...parsed, privateKeyPem: parsed.privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----') },
      { projectId: PROJECT, clientEmail: account.json['client_email'], privateKeyPem: true, privateKeyId: account.json['private_key_id'], tokenUri: emu.tokenUrl },
    );
    // Keys pasted through environment variables keep literal "\n".
    const escaped = { ...account.json, private_key: account.json['private_key']!.replace(/\n/g, '\\n') };
    assert.equal(parseFcmCredential(JSON.stringify(escaped)).privateKeyPem, parsed.privateKeyPem);
    const { token_uri: _dropped, ...withoutUri } = account.json;
    assert.equal(parseFcmCredential(withoutUri).tokenUri, 'https://oauth2.googleapis.com/token');

    assert.throws(
      () => parseFcmCredential({ type: 'authorized_user', project_id: 'X', private_key: 'nope', token_uri: 'ftp://x' }),
      (e: unknown) => {
        assert.ok(isHeraldError(e, 'CREDENTIAL_PARSE_FAILED'));
        const problems = e.details?.['problems'] as string[];
        assert.equal(problems.length, 5, problems.join(' | '));
        assert.equal(problems[0], 'type must be "service_account", not "authorized_user"');
        assert.equal(problems[1], 'project_id "X" is not a Google Cloud project ID');
        assert.equal(problems[2], 'client_email is missing');
        assert.match(problems[3]!, /^private_key could not be read/);
        assert.equal(problems[4], 'token_uri must be an http(s) URL');
        assert.match(e.message, /^FCM service account: type must be/);
        return true;
      },
    );
    assert.throws(() => parseFcmCredential('{not json'), /not valid JSON/);
    const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const ec = { ...account.json, private_key: ecKey };
    assert.throws(() => parseFcmCredential(ec), /private_key must be an RSA key, not ec/);
  });

  it('validates a credential with a token and a dry-run send, and says why one does not work', async () => {
    assert.deepEqual(await validateFcmCredential(credential, { baseUrl: emu.url }), { ok: true });
    assert.equal(emu.counters.validateOnly, 1);
    assert.equal(emu.counters.accepted, 0);

    const stranger = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl, name: 'never-registered' });
    const refused = await validateFcmCredential(parseFcmCredential(stranger.json), { baseUrl: emu.url });
    assert.equal(refused.ok, false);
    assert.deepEqual(refused.ok ? undefined : [refused.reason, refused.retryable], ['invalid_grant', false]);
    assert.match(refused.ok ? '' : refused.message, /account not found/);

    const wrongProject = await validateFcmCredential({ ...credential, projectId: OTHER_PROJECT }, { baseUrl: emu.url });
    assert.deepEqual(wrongProject.ok ? undefined : [wrongProject.reason, wrongProject.retryable], ['PERMISSION_DENIED', false]);

    emu.injectTokenEndpointFault({ status: 503, times: 1 });
    const down = await validateFcmCredential(credential, { baseUrl: emu.url });
    assert.deepEqual(down.ok ? undefined : [down.reason, down.retryable], ['TokenHTTP503', true]);
  });
});

describe('FCM text as TPNS documents it', () => {
  it('has no title or body limit of its own: long text goes through whole, an oversize push fails on this channel', async () => {
    assert.deepEqual(FCM_TEXT_LIMITS, { title: null, body: null });
    assert.deepEqual(shapeFcmText('', 'body only'), { body: 'body only' });
    const ch = channel();
    const [t] = targetsFor(1);
    const title = 'T'.repeat(300);
    const body = '长'.repeat(1000);
    assert.equal(only(await ch.send({ payload: { notification: shapeFcmText(title, body) } }, [t!])).kind, 'delivered');
    assert.deepEqual(emu.inbox(t!.vendorToken)[0]!.message['notification'], { title, body });
    const tooLong = only(await ch.send({ payload: { notification: shapeFcmText(title, '长'.repeat(1300)) } }, [t!]));
    assert.deepEqual(tooLong, { kind: 'failed', token: t!.token, reason: 'INVALID_ARGUMENT' });
  });
});
