/**
 * Issue 4: "Herald's FCM channel output must satisfy the message schema and limits as documented (4096-byte data,
 * string-only data values, token format), checked in tests against fixtures copied from Google's docs."
 * The fixtures and their sources are in fixtures/fcm (README.md, sources.json).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isHeraldError } from '@herald/protocol';
import { createFcmEmulator, createFcmServiceAccount, type FcmEmulator } from '@herald/emulators/fcm';
import { buildFcmNotification } from '../../server/src/push/model/fcm/build-fcm-notification.ts';
import { normalizePushRequest } from '../../server/src/push/model/normalize-push-request.ts';
import {
  createFcmAccessTokens,
  createFcmChannel,
  createFcmHttp,
  FCM_MAX_PAYLOAD_BYTES,
  fcmPayloadBytes,
  parseFcmCredential,
  type FcmChannel,
  type FcmCredential,
  type FcmHttp,
} from '../fcm/index.ts';

type Json = Record<string, unknown>;

const FIXTURES = new URL('./fixtures/fcm/', import.meta.url);
const PROJECT = 'herald-docs-check';
const PLACEHOLDER_TOKEN = 'bk3RNwTe3H0:CI2k_HHwgIpoDKCIZvvDMExUdFQ3P1...';

function read(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

function fixture(name: string): Json {
  return JSON.parse(read(name)) as Json;
}

interface Source {
  page: string;
  section: string;
  readVia: string;
  original?: string;
  corrections?: Array<[string, string]>;
}

const sources = fixture('sources.json') as Record<string, Source>;
const REQUESTS = [
  'send-to-device.json',
  'notification-with-data.json',
  'cross-platform-delivery-options.json',
  'topic-notification-with-data.json',
  'topic-multi-platform.json',
  'topic-platform-overrides.json',
  'normal-priority-topic.json',
];

function messageOf(body: Json): Json {
  return body['message'] as Json;
}

/** Leaf paths of a JSON object ("android.notification.click_action"); arrays are leaves. */
function leafPaths(obj: Json, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const path = prefix === '' ? k : `${prefix}.${k}`;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? leafPaths(v as Json, path) : [path];
  });
}

function at(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (typeof o === 'object' && o !== null ? (o as Json)[k] : undefined), obj);
}

let now = Date.now();
let emu: FcmEmulator;
let credential: FcmCredential;
let http: FcmHttp;
let accessToken: () => Promise<string>;
let ch: FcmChannel;

before(async () => {
  emu = await createFcmEmulator({ clock: () => now });
  const account = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl });
  emu.registerServiceAccount(account.registration);
  credential = parseFcmCredential(account.json);
  http = createFcmHttp();
  ch = createFcmChannel({ credential, baseUrl: emu.url, clock: () => now });
});

after(async () => {
  await ch.close();
  http.close();
  await emu.close();
});

beforeEach(() => {
  // reset() forgets issued access tokens too: the plain requests below start with a fresh one (the channel finds
  // out by itself, from the 401).
  emu.reset();
  const tokens = createFcmAccessTokens(credential, { http, clock: () => now });
  accessToken = () => tokens.get();
});

async function post(body: unknown): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${emu.url}/v1/projects/${PROJECT}/messages:send`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessToken()}`, 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('the fixtures', () => {
  it("name their source page, and differ from Google's text only by the listed corrections", () => {
    const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json') && f !== 'sources.json');
    assert.deepEqual(files.map((f) => f.replaceAll('\\', '/')).sort(), Object.keys(sources).sort());
    for (const [file, source] of Object.entries(sources)) {
      assert.match(source.page, /^https:\/\/firebase\.google\.com\/docs\//, file);
      assert.ok(source.section !== '' && source.readVia !== '', file);
      if (source.original === undefined) continue;
      const original = read(source.original);
      assert.throws(() => JSON.parse(original), SyntaxError, `${file}: Google's text is not JSON as published`);
      let corrected = original;
      for (const [from, to] of source.corrections ?? []) {
        assert.equal(corrected.split(from).length, 2, `${file}: "${from}" occurs exactly once`);
        corrected = corrected.replace(from, to);
      }
      assert.deepEqual(JSON.parse(corrected), fixture(file), file);
    }
  });
});

describe('the emulator and the documented examples', () => {
  for (const file of REQUESTS) {
    it(`accepts ${file} and delivers it as sent`, async () => {
      const body = fixture(file);
      const message = messageOf(body);
      const device = emu.registerDevice({ projectId: PROJECT });
      if (typeof message['token'] === 'string') message['token'] = device;
      if (typeof message['topic'] === 'string') emu.subscribe(device, message['topic']);
      const reply = await post(body);
      assert.equal(reply.status, 200, JSON.stringify(reply.json));
      assert.match(reply.json['name'] as string, new RegExp(`^projects/${PROJECT}/messages/`));
      const inbox = emu.inbox(device);
      assert.equal(inbox.length, 1);
      assert.deepEqual(inbox[0]!.raw, message);
      assert.deepEqual(leafPaths(inbox[0]!.message).sort(), leafPaths(message).sort());
    });
  }

  it("answers Google's documented error bodies, exactly", async () => {
    // The samples' own placeholder token is refused as not a registration token.
    assert.equal(messageOf(fixture('send-to-device.json'))['token'], PLACEHOLDER_TOKEN);
    const placeholder = await post(fixture('send-to-device.json'));
    assert.equal(placeholder.status, 400);
    assert.deepEqual(placeholder.json, fixture('errors/invalid-registration-token.json'));
    // A number as a data value.
    const body = fixture('notification-with-data.json');
    messageOf(body)['token'] = emu.registerDevice({ projectId: PROJECT });
    messageOf(body)['data'] = { score: 12 };
    const typed = await post(body);
    assert.equal(typed.status, 400);
    assert.deepEqual(typed.json, fixture('errors/invalid-data-value.json'));
  });
});

interface Equivalent {
  fixture: string;
  /** The /v3/push/app body whose FCM output should look like the fixture. */
  tpns: Json;
  /** Paths whose value Herald produces exactly as in the fixture (the others must only have the same type). */
  sameValues: string[];
  /** Fixture paths (or path prefixes) Herald does not produce, and why. */
  notProduced: Record<string, string>;
}

const IOS_WEB = {
  apns: 'the iOS block: Herald sends iOS through its own APNs channel',
  webpush: 'the Web block: Herald sends browsers through its own Web Push channel',
};
const TOPIC = { topic: 'Herald addresses each device by its registration token' };
const CLICK = {
  'android.notification.click_action': "TPNS's click action (activity, URL or intent URI) has no click_action equivalent; Herald carries it in data.herald",
};

const EQUIVALENTS: Equivalent[] = [
  {
    fixture: 'send-to-device.json',
    tpns: { message: { title: 'FCM Message', content: 'This is an FCM notification message!' } },
    sameValues: ['notification.title', 'notification.body'],
    notProduced: {},
  },
  {
    fixture: 'notification-with-data.json',
    tpns: { message: { title: 'Portugal vs. Denmark', content: 'great match!', android: { custom_content: '{"Nick":"Mario","Room":"PortugalVSDenmark"}' } } },
    sameValues: ['notification.title', 'notification.body', 'data.Nick', 'data.Room'],
    notProduced: {},
  },
  {
    fixture: 'cross-platform-delivery-options.json',
    tpns: { expire_time: 86400, message: { title: 'Match update', content: 'Arsenal goal in added time, score is now 3-0' } },
    sameValues: ['notification.title', 'notification.body', 'android.ttl'],
    notProduced: { ...CLICK, ...IOS_WEB },
  },
  {
    fixture: 'topic-notification-with-data.json',
    tpns: { message: { title: 'Breaking News', content: 'New news story available.', android: { custom_content: '{"story_id":"story_12345"}' } } },
    sameValues: ['notification.title', 'notification.body', 'data.story_id'],
    notProduced: TOPIC,
  },
  {
    fixture: 'topic-multi-platform.json',
    tpns: { message: { title: 'Breaking News', content: 'New news story available.', android: { custom_content: '{"story_id":"story_12345"}' } } },
    sameValues: ['notification.title', 'notification.body', 'data.story_id'],
    notProduced: { ...TOPIC, ...CLICK, ...IOS_WEB },
  },
  {
    fixture: 'topic-platform-overrides.json',
    tpns: { message: { title: 'Breaking News', content: 'New news story available.', android: { custom_content: '{"story_id":"story_12345"}' } } },
    sameValues: ['notification.title', 'notification.body', 'data.story_id'],
    notProduced: { ...TOPIC, ...CLICK, ...IOS_WEB, 'android.notification.body': 'TPNS has one text per push, sent as notification.body' },
  },
  {
    fixture: 'normal-priority-topic.json',
    tpns: {
      message: {
        title: 'NewsMagazine.com',
        content: "This week's edition is now available.",
        android: { custom_content: '{"volume":"3.21.15","contents":"http://www.news-magazine.com/world-week/21659772"}' },
      },
    },
    // android.priority: same type; Herald sends user-visible notifications with HIGH, data messages with NORMAL.
    sameValues: ['notification.title', 'notification.body', 'data.volume', 'data.contents'],
    notProduced: { ...TOPIC, ...IOS_WEB },
  },
];

function excused(path: string, notProduced: Record<string, string>): boolean {
  return Object.keys(notProduced).some((p) => path === p || path.startsWith(`${p}.`));
}

async function heraldOutput(tpns: Json): Promise<Json> {
  const req = normalizePushRequest(
    { audience_type: 'token', token_list: ['h'.repeat(36)], message_type: 'notify', ...tpns },
    { platform: 'android', now, utcOffsetMinutes: 0 },
  );
  const notification = buildFcmNotification(req, { pushId: '3895624686', now });
  const device = emu.registerDevice({ projectId: PROJECT });
  const [outcome] = await ch.send(notification, [{ token: 'h'.repeat(36), vendorToken: device }]);
  assert.equal(outcome?.kind, 'delivered', JSON.stringify(outcome));
  const received = emu.inbox(device);
  assert.equal(received.length, 1);
  return received[0]!.raw as Json;
}

describe("Herald's FCM output and the documented examples", () => {
  for (const c of EQUIVALENTS) {
    it(`has the shape of ${c.fixture} for the equivalent TPNS push`, async () => {
      const documented = messageOf(fixture(c.fixture));
      const ours = await heraldOutput(c.tpns);
      for (const path of leafPaths(documented)) {
        if (excused(path, c.notProduced)) continue;
        const want = at(documented, path);
        const got = at(ours, path);
        if (path === 'token') {
          assert.equal(typeof got, 'string');
          continue;
        }
        assert.equal(typeof got, typeof want, `${path}: ${JSON.stringify(got)} vs documented ${JSON.stringify(want)}`);
        if (c.sameValues.includes(path)) assert.deepEqual(got, want, path);
      }
      for (const path of c.sameValues) assert.ok(leafPaths(documented).includes(path), `${path} is in the fixture`);
      assert.equal(typeof ours['token'], 'string');
      assert.ok(Object.values(ours['data'] as Json).every((v) => typeof v === 'string'), 'data values are strings');
      assert.ok(fcmPayloadBytes(ours) <= FCM_MAX_PAYLOAD_BYTES);
    });
  }

  it('turns every custom_content value into a string, as FCM requires', async () => {
    const ours = await heraldOutput({
      message: { title: 't', content: 'c', android: { custom_content: JSON.stringify({ n: 1.5, b: false, o: { deep: [1, 'x'] }, s: 'text' }) } },
    });
    assert.deepEqual(ours['data'], { n: '1.5', b: 'false', o: '{"deep":[1,"x"]}', s: 'text', herald: '{"pid":"3895624686"}' });
  });

  it('keeps to the 4096-byte payload: the builder refuses more, and FCM (the emulator) refuses it if sent', async () => {
    const content = 'y'.repeat(4040);
    const req = normalizePushRequest(
      { audience_type: 'token', token_list: ['h'.repeat(36)], message_type: 'notify', message: { title: 'x', content } },
      { platform: 'android', now, utcOffsetMinutes: 0 },
    );
    assert.throws(() => buildFcmNotification(req, { pushId: 'p'.repeat(60), now }), (e: unknown) => isHeraldError(e, 'PUSH_PAYLOAD_TOO_LARGE'));
    // The same message sent anyway: over the limit by a byte, FCM's bare INVALID_ARGUMENT, a failed (not rejected) outcome.
    const payload = { notification: { title: 'x', body: content }, data: { herald: 'p'.repeat(4096 - 4040 - 10 - 6 + 1) } };
    assert.equal(fcmPayloadBytes(payload), 4097);
    const device = emu.registerDevice({ projectId: PROJECT });
    const raw = await post({ message: { token: device, ...payload } });
    assert.deepEqual(raw, { status: 400, json: { error: { code: 400, message: 'Request contains an invalid argument.', status: 'INVALID_ARGUMENT' } } });
    const [outcome] = await ch.send({ payload }, [{ token: 'h'.repeat(36), vendorToken: device }]);
    assert.deepEqual(outcome, { kind: 'failed', token: 'h'.repeat(36), reason: 'INVALID_ARGUMENT' });
    payload.data.herald = payload.data.herald.slice(1);
    assert.equal((await ch.send({ payload }, [{ token: 'h'.repeat(36), vendorToken: device }]))[0]?.kind, 'delivered');
  });
});
