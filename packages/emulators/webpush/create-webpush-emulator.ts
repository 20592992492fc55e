/**
 * A loopback Web Push service (vendor-push-protocols.md §8.7) that also plays the browsers: it issues
 * subscriptions for virtual browsers, checks each push the way push services do (RFC 8030 headers, RFC 8291
 * `aes128gcm`, RFC 8292 VAPID, the 4096-byte limit), decrypts what it accepts into the browser's inbox, keeps
 * messages for offline browsers within their TTL with Topic replacement, and injects faults (gone
 * subscriptions, 404/410/413/429/5xx with Retry-After, latency). HTTPS by default, since clients such as the
 * `web-push` library only speak https; plain HTTP and UnifiedPush-distributor behaviour on request.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createTestPki } from '../pki/index.ts';
import { decryptAes128gcm, WebPushDecryptError, readAes128gcmHeader } from './decrypt-aes128gcm.ts';
import { answer, errorBody, type ErrorAnswer } from './error-bodies.ts';
import { readPushHeaders } from './push-headers.ts';
import { checkVapid, type VapidCheckContext } from './vapid-check.ts';
import { createBrowserRegistry, PUSH_PATH, type VirtualBrowser } from './virtual-browsers.ts';
import type { ReceivedPushMessage, WebPushEmulator, WebPushEmulatorCounters, WebPushEmulatorOptions, WebPushFault } from './types.ts';

/** RFC 8030 §7.2: a push service must take 4096 bytes of body; autopush answers 413 errno 104 above. */
const MAX_BODY = 4096;
const JSON_TYPE = 'application/json';

interface ActiveFault {
  browserId: string | undefined;
  answer: ErrorAnswer;
  remaining: number;
  retryAfter: string | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function createWebPushEmulator(o: WebPushEmulatorOptions = {}): Promise<WebPushEmulator> {
  const host = o.host ?? '127.0.0.1';
  const secure = o.secure ?? true;
  const clock = o.clock ?? Date.now;
  const maxTtl = o.maxTtlSeconds ?? 2_592_000;
  const keepMessages = o.keepMessages ?? true;
  const decrypt = o.decrypt ?? true;
  const strictSubject = o.strictSubject ?? true;
  const unifiedPush = o.unifiedPush ?? false;
  const pki = secure ? (o.pki ?? createTestPki()) : undefined;

  const counters: WebPushEmulatorCounters = { requests: 0, accepted: 0, rejected: {}, connections: 0, replaced: 0, expired: 0 };
  const registry = createBrowserRegistry(counters);
  const vapidCache: VapidCheckContext['cache'] = new Map();
  let faults: ActiveFault[] = [];
  let latencyMs = 0;
  let origin = '';

  function respond(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: Buffer | undefined): void {
    const write = () => {
      if (res.destroyed) return;
      headers['content-length'] = body?.length ?? 0;
      res.writeHead(status, headers);
      res.end(body);
    };
    if (latencyMs > 0) setTimeout(write, latencyMs);
    else write();
  }

  function reject(res: ServerResponse, a: ErrorAnswer, extra: OutgoingHttpHeaders = {}): void {
    const label = a.errno === undefined ? String(a.status) : `${a.status}:${a.errno}`;
    counters.rejected[label] = (counters.rejected[label] ?? 0) + 1;
    respond(res, a.status, { 'content-type': JSON_TYPE, ...extra }, errorBody(a));
  }

  function takeFault(browser: VirtualBrowser): ActiveFault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (f.browserId !== undefined && f.browserId !== browser.id) continue;
      if (--f.remaining <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  function receive(browser: VirtualBrowser, body: Buffer, size: number, ttl: number, urgency: ReceivedPushMessage['urgency'], topic: string | undefined, vapid: ReceivedPushMessage['vapid']): ReceivedPushMessage {
    const message: ReceivedPushMessage = {
      id: randomBytes(16).toString('base64url'),
      receivedAt: clock(),
      ttl,
      urgency,
      topic,
      text: undefined,
      json: undefined,
      decryptError: undefined,
      vapid,
      bodyBytes: size,
    };
    if (decrypt && size > 0) {
      try {
        message.text = decryptAes128gcm(body, browser.keys, browser.authSecret).toString('utf8');
        message.json = parseJson(message.text);
      } catch (e) {
        // A real push service cannot read the body and accepts it; the browser drops it. Kept for assertions.
        message.decryptError = e instanceof WebPushDecryptError ? e.message : String(e);
      }
    }
    return message;
  }

  function handle(req: IncomingMessage, res: ServerResponse, body: Buffer, size: number): void {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const browser = path.startsWith(PUSH_PATH) ? registry.byId(path.slice(PUSH_PATH.length)) : undefined;
    if (browser === undefined) return reject(res, answer(404, 102));
    if (browser.gone !== undefined) return reject(res, browser.gone === 404 ? answer(404, 102) : answer(410, 103));
    if (unifiedPush && req.method === 'GET') {
      return respond(res, 200, { 'content-type': JSON_TYPE }, Buffer.from('{"unifiedpush":{"version":1}}'));
    }
    if (req.method !== 'POST') return reject(res, { status: 405, errno: undefined, message: 'Push messages are sent with POST' }, { allow: 'POST' });

    const now = clock();
    const vapid = checkVapid(req.headers.authorization, { origin, nowMs: now, restrictedKey: browser.restrictedKey, strictSubject, cache: vapidCache });
    if (vapid !== undefined && !vapid.ok) return reject(res, vapid.answer);
    const headers = readPushHeaders(req.headers, maxTtl);
    if ('status' in headers) return reject(res, headers);

    if (size > 0) {
      const encoding = req.headers['content-encoding'];
      if (encoding === undefined) return reject(res, answer(400, 101));
      if (encoding.trim().toLowerCase() !== 'aes128gcm') return reject(res, answer(400, 110, `Content-Encoding ${encoding} is not supported; use aes128gcm (RFC 8291)`));
      if (size > MAX_BODY) return reject(res, answer(413, 104));
      if (vapid?.ok === true && size >= 21) {
        // RFC 8292 §3.2: the signing key and the key-exchange key must differ; SHOULD be answered 400.
        const keyId = readAes128gcmHeader(body).keyId;
        if (keyId.equals(Buffer.from(vapid.claims.k, 'base64url'))) {
          return reject(res, answer(400, 110, 'The VAPID key must not be the message encryption key (RFC 8292 §3.2)'));
        }
      }
    }

    if (faults.length > 0) {
      const fault = takeFault(browser);
      if (fault !== undefined) return reject(res, fault.answer, fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter });
    }

    counters.accepted++;
    const message = receive(browser, body, size, headers.ttl, headers.urgency, headers.topic, vapid?.ok === true ? vapid.claims : undefined);
    if (keepMessages) registry.accept(browser, message, now);
    // UnifiedPush SERV_1.2.0: "The push server MUST add the header TTL: 0 to its response."
    respond(res, 201, { location: `${origin}/m/${message.id}`, ttl: unifiedPush ? '0' : String(headers.ttl) }, undefined);
  }

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    counters.requests++;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit only the size matters (413), so nothing more is buffered.
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => handle(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), size));
    req.on('error', () => res.destroy());
  }

  let server: http.Server;
  if (pki !== undefined) {
    const cert = pki.issueServerCert(['localhost', '127.0.0.1', host]);
    server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, onRequest);
  } else {
    server = http.createServer(onRequest);
  }
  server.on('connection', () => counters.connections++);
  server.keepAliveTimeout = 30_000;
  server.listen(0, host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  origin = `${secure ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;

  function browserAt(endpoint: string): VirtualBrowser {
    const browser = registry.byEndpoint(endpoint);
    if (browser === undefined) throw new Error(`No virtual browser has the endpoint ${endpoint}`);
    return browser;
  }

  return {
    origin,
    caCertPem: pki?.caCertPem,
    counters,
    subscribe(so = {}) {
      return structuredClone(registry.create(origin, so).subscription);
    },
    setBrowserState(endpoint, state) {
      const browser = browserAt(endpoint);
      if (state.online !== undefined) browser.online = state.online;
      if (state.minUrgency !== undefined) browser.minUrgency = state.minUrgency;
      registry.flush(browser, clock());
    },
    unsubscribe(endpoint, uo = {}) {
      browserAt(endpoint).gone = uo.status ?? 410;
    },
    inbox(endpoint) {
      const browser = browserAt(endpoint);
      registry.flush(browser, clock());
      return browser.inbox.slice();
    },
    pending(endpoint) {
      const browser = browserAt(endpoint);
      registry.flush(browser, clock());
      return browser.waiting.map((w) => w.message);
    },
    injectFault(f: WebPushFault) {
      faults.push({
        browserId: f.endpoint === undefined ? undefined : browserAt(f.endpoint).id,
        answer: answer(f.status, f.errno, f.message),
        remaining: f.times ?? Number.POSITIVE_INFINITY,
        retryAfter: f.retryAfterSeconds === undefined ? undefined : String(f.retryAfterSeconds),
      });
    },
    clearFaults() {
      faults = [];
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    reset() {
      registry.clear();
      vapidCache.clear();
      faults = [];
      latencyMs = 0;
      counters.requests = 0;
      counters.accepted = 0;
      counters.rejected = {};
      counters.connections = 0;
      counters.replaced = 0;
      counters.expired = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
