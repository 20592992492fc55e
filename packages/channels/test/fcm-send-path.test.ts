/**
 * The FCM channel's own send path: connection faults the emulator cannot make (a keep-alive connection closed
 * under a request, a response cut or stalled halfway) from a loopback HTTP server, and the wait line, the
 * shared access token and the 200 body reader against the FCM emulator.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createFcmEmulator, createFcmServiceAccount, type FcmEmulator } from '@herald/emulators/fcm';
import type { ChannelObserver, DeliveryTarget, PushOutcome } from '../types.ts';
import {
  createFcmAccessTokens,
  createFcmChannel,
  createFcmHttp,
  parseFcmCredential,
  type FcmChannel,
  type FcmChannelOptions,
  type FcmCredential,
} from '../fcm/index.ts';
import { messageIdOf } from '../fcm/fcm-reply.ts';

const PROJECT = 'herald-fcm-send-path';
const OK_BODY = '{"name":"projects/herald-fcm-send-path/messages/1"}';

let emu: FcmEmulator;
let credential: FcmCredential;
const closers: Array<() => Promise<void> | void> = [];

before(async () => {
  emu = await createFcmEmulator();
  const account = createFcmServiceAccount({ projectId: PROJECT, tokenUri: emu.tokenUrl });
  emu.registerServiceAccount(account.registration);
  credential = parseFcmCredential(account.json);
});

after(async () => {
  for (const close of closers.reverse()) await close();
  await emu.close();
});

beforeEach(() => emu.reset());

function channel(o: Partial<FcmChannelOptions> = {}): FcmChannel {
  const ch = createFcmChannel({ credential, baseUrl: emu.url, random: () => 0, ...o });
  closers.push(() => ch.close());
  return ch;
}

/** A channel that sends to `baseUrl` and takes its access tokens from the emulator. */
function channelTo(baseUrl: string, o: Partial<FcmChannelOptions> = {}): FcmChannel {
  const tokenHttp = createFcmHttp();
  closers.push(() => tokenHttp.close());
  return channel({ baseUrl, tokens: createFcmAccessTokens(credential, { http: tokenHttp }), ...o });
}

/**
 * A loopback server standing in for FCM's connection behaviour; `answer` sees each request with its number on its
 * connection and overall (both from 1).
 */
async function faultyServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse, n: { onSocket: number; overall: number }) => void,
): Promise<{ url: string; requests: () => number }> {
  const perSocket = new WeakMap<object, number>();
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const onSocket = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, onSocket);
    const overall = requests;
    req.resume();
    req.on('end', () => answer(req, res, { onSocket, overall }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

let counter = 0;
function targets(n: number): DeliveryTarget[] {
  return Array.from({ length: n }, () => {
    counter++;
    return { token: `herald-${String(counter).padStart(29, '0')}`, vendorToken: emu.registerDevice({ projectId: PROJECT }) };
  });
}

const message = { payload: { notification: { title: 'Hi', body: 'There' } } };

function kinds(outcomes: PushOutcome[]): string[] {
  return outcomes.map((o) => (o.kind === 'delivered' ? 'delivered' : `${o.kind}:${o.reason}`));
}

describe('FCM channel: connection faults', () => {
  it('sends once more on a fresh connection when its reused keep-alive connection turns out closed', async () => {
    // Every connection is dropped at its second request, as an idle connection the server closes just then.
    const server = await faultyServer((req, res, n) => {
      if (n.onSocket === 2) req.socket.destroy();
      else res.end(OK_BODY);
    });
    const ch = channelTo(server.url, { maxInFlight: 1 });
    const outcomes = await ch.send(message, targets(3));
    assert.deepEqual(kinds(outcomes), ['delivered', 'delivered', 'delivered']);
    assert.ok(outcomes.every((o) => o.kind === 'delivered' && o.vendorId === '1'));
    // 1 ok, 2 dropped → resent on connection 2 (ok), 3 dropped there → resent on connection 3.
    assert.equal(server.requests(), 5);
    assert.deepEqual([ch.stats.sent, ch.stats.socketsOpened, ch.stats.inFlight], [3, 3, 0]);
  });

  it('answers retry when the connection goes away in the middle of a response, and keeps sending', async () => {
    const server = await faultyServer((req, res, n) => {
      if (n.overall === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"name":"projects/');
        setTimeout(() => req.socket.destroy(), 20);
      } else res.end(OK_BODY);
    });
    const ch = channelTo(server.url, { maxInFlight: 1 });
    const outcomes = await ch.send(message, targets(2));
    assert.deepEqual(kinds(outcomes), ['retry:NetworkError:ECONNRESET', 'delivered']);
    assert.equal(ch.stats.inFlight, 0);
  });

  it('times out a response whose body stalls, reports it and frees the slot', async () => {
    const seen: Array<[number | 'error', string | undefined]> = [];
    const observer: ChannelObserver = { onVendorResponse: (_id, status, reason) => seen.push([status, reason]) };
    const server = await faultyServer((_req, res, n) => {
      if (n.overall === 1) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"name":');
      } else res.end(OK_BODY);
    });
    const ch = channelTo(server.url, { maxInFlight: 1, requestTimeoutMs: 100, observer });
    const outcomes = await ch.send(message, targets(2));
    assert.deepEqual(kinds(outcomes), ['retry:Timeout', 'delivered']);
    assert.deepEqual(seen, [['error', 'Timeout'], [200, undefined]]);
    assert.deepEqual([ch.stats.inFlight, ch.stats.queued], [0, 0]);
  });
});

describe('FCM channel: the wait line and the access token', () => {
  it('on close, answers ChannelClosed to the targets still waiting and lets the one in flight finish', async () => {
    const ch = channel({ maxInFlight: 1 });
    assert.equal((await ch.send(message, targets(1)))[0]!.kind, 'delivered');
    emu.setLatency(50);
    const pending = ch.send(message, targets(4));
    assert.deepEqual([ch.stats.inFlight, ch.stats.queued], [1, 3]);
    await ch.close();
    assert.deepEqual(kinds(await pending), ['delivered', 'retry:ChannelClosed', 'retry:ChannelClosed', 'retry:ChannelClosed']);
    assert.deepEqual([ch.stats.inFlight, ch.stats.queued, ch.stats.delayed], [0, 0, 3]);
  });

  it('after a 401 across a queue of targets, fetches one new token and resends only what carried the old one', async () => {
    const ch = channel({ maxInFlight: 2 });
    assert.equal((await ch.send(message, targets(1)))[0]!.kind, 'delivered');
    emu.revokeAccessTokens();
    const outcomes = await ch.send(message, targets(10));
    assert.ok(outcomes.every((o) => o.kind === 'delivered'), JSON.stringify(kinds(outcomes)));
    assert.deepEqual([ch.stats.tokenFetches, ch.stats.resent, ch.stats.sent], [2, 2, 13]);
  });

  it('answers targets in order across batches sent at once, whatever order their requests finish in', async () => {
    const ch = channel({ maxInFlight: 3 });
    const a = targets(5);
    const b = targets(4);
    emu.unregisterDevice(a[1]!.vendorToken);
    emu.unregisterDevice(b[3]!.vendorToken);
    const [ra, rb] = await Promise.all([ch.send(message, a), ch.send(message, b)]);
    assert.deepEqual(
      ra!.map((o) => [o.token, o.kind]),
      a.map((t, i) => [t.token, i === 1 ? 'rejected' : 'delivered']),
    );
    assert.deepEqual(
      rb!.map((o) => [o.token, o.kind]),
      b.map((t, i) => [t.token, i === 3 ? 'rejected' : 'delivered']),
    );
    assert.equal(ch.stats.delayed, 6);
  });
});

describe('FCM 200 body', () => {
  it('reads the message ID from the name, compact or pretty-printed, and from any other JSON shape', () => {
    assert.equal(messageIdOf('{"name":"projects/p/messages/0:1500415314455276%31bd1c9631bd1c96"}'), '0:1500415314455276%31bd1c9631bd1c96');
    assert.equal(messageIdOf('{\n  "name": "projects/p/messages/0:15004%31bd"\n}\n'), '0:15004%31bd');
    // Escapes and other fields go through JSON.parse, with the same answer.
    assert.equal(messageIdOf('{"name":"projects/p/messages/a\\u002fb"}'), 'b');
    assert.equal(messageIdOf('{"name":"projects/p/messages/x\\"y"}'), 'x"y');
    assert.equal(messageIdOf('{"other":1,"name":"projects/p/messages/42"}'), '42');
    assert.equal(messageIdOf('{"name":"projects/p/messages/42","other":{"name":"no"}}'), '42');
    assert.equal(messageIdOf('{"name":"fake_message_id"}'), 'fake_message_id');
    assert.equal(messageIdOf('{"name":"projects/p/messages/42"} trailing'), undefined);
    assert.equal(messageIdOf('{"name":42}'), undefined);
    assert.equal(messageIdOf('{}'), undefined);
    assert.equal(messageIdOf(''), undefined);
    assert.equal(messageIdOf('<html>OK</html>'), undefined);
  });
});
