/**
 * A loopback APNs: two HTTP/2 TLS listeners (production and sandbox identities) that check requests the way
 * api.push.apple.com does (vendor-push-protocols.md §1), keep what each virtual device received, and inject
 * faults. The validation order follows Pushy's MockApnsServer (§1.10).
 *
 * The request path is written for benchmarks (hundreds of thousands of pushes): header checks are plain
 * comparisons, JWT verification is cached per connection, error bodies are prebuilt, and with
 * `keepPayloads: false` nothing is stored per notification.
 */
import http2 from 'node:http2';
import { X509Certificate, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { createTestPki } from '../pki/index.ts';
import { isCertTrusted, readClientCertIdentity, type ClientCertIdentity } from './client-cert.ts';
import { createDeviceRegistry, deviceTakesTopic, type VirtualDevice } from './device-registry.ts';
import { APNS_PUSH_TYPE_SUFFIX } from './push-types.ts';
import { APNS_REASON_BODY, APNS_REASON_STATUS, type ApnsReason } from './reasons.ts';
import { authorizeToken, createTokenConnectionState, toRegisteredKey, type KeyStore, type TokenConnectionState } from './token-auth.ts';
import type {
  ApnsEmulator,
  ApnsEmulatorCounters,
  ApnsEmulatorOptions,
  ApnsEnvironment,
  ApnsFault,
  ReceivedNotification,
} from './types.ts';

const DEVICE_PATH = '/3/device/';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DEVICE_TOKEN = /^[0-9a-fA-F]{64}$/;
const EXPIRATION = /^\d{1,12}$/;
const PAYLOAD_LIMIT = 4096;
const VOIP_PAYLOAD_LIMIT = 5120;
const COLLAPSE_ID_LIMIT = 64;
const VOIP_SUFFIX = '.voip';
const JSON_CONTENT_TYPE = 'application/json';
// Headers APNs reads; any of them sent twice is DuplicateHeaders.
const CHECKED_HEADERS = new Set(['authorization', 'apns-id', 'apns-expiration', 'apns-priority', 'apns-topic', 'apns-collapse-id', 'apns-push-type']);

interface Connection {
  env: ApnsEnvironment;
  session: http2.ServerHttp2Session;
  active: number;
  authorized: boolean;
  token: TokenConnectionState;
  cert: ClientCertIdentity | undefined;
  /** Evaluated at the first request, so CAs trusted after the handshake still count. */
  certVerdict: ApnsReason | undefined | null;
}

interface ActiveFault {
  token: string | undefined;
  status: number;
  body: Buffer;
  reason: string;
  remaining: number;
  retryAfter: string | undefined;
}

interface Rejection {
  reason: ApnsReason;
  timestamp?: number;
}

const noop = (): void => undefined;

function hasDuplicateHeaders(raw: readonly string[] | undefined): boolean {
  if (raw === undefined) return false;
  let seen: string[] | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name === undefined || !CHECKED_HEADERS.has(name)) continue;
    if (seen === undefined) seen = [name];
    else if (seen.includes(name)) return true;
    else seen.push(name);
  }
  return false;
}

function utf8Length(s: string): number {
  // Each UTF-16 unit is at most 3 UTF-8 bytes, so short strings need no measuring.
  return s.length * 3 <= COLLAPSE_ID_LIMIT ? s.length : Buffer.byteLength(s, 'utf8');
}

function headerString(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : v?.[0];
}

export async function createApnsEmulator(o: ApnsEmulatorOptions = {}): Promise<ApnsEmulator> {
  const host = o.host ?? '127.0.0.1';
  const pki = o.pki ?? createTestPki();
  const clock = o.clock ?? Date.now;
  const initialStreams = o.initialStreams ?? 1;
  const authorizedStreams = o.authorizedStreams ?? 1000;
  const acceptUnknownDevices = o.acceptUnknownDevices ?? false;
  const keepPayloads = o.keepPayloads ?? true;
  const serverCert = pki.issueServerCert(['localhost', '127.0.0.1', host]);

  const keys: KeyStore = new Map();
  const trustedCas: X509Certificate[] = [];
  const devices = createDeviceRegistry();
  const connections = new Map<http2.ServerHttp2Session, Connection>();
  const counters: ApnsEmulatorCounters = { requests: 0, accepted: 0, rejected: {}, maxStreamsSeen: 0, connections: 0 };
  let faults: ActiveFault[] = [];
  let latencyMs = 0;

  function write(stream: http2.ServerHttp2Stream, headers: http2.OutgoingHttpHeaders, body: Buffer | undefined): void {
    if (stream.destroyed || stream.closed) return;
    if (body === undefined) {
      stream.respond(headers, { endStream: true });
    } else {
      stream.respond(headers);
      stream.end(body);
    }
  }

  function send(stream: http2.ServerHttp2Stream, headers: http2.OutgoingHttpHeaders, body: Buffer | undefined): void {
    if (latencyMs > 0) setTimeout(write, latencyMs, stream, headers, body);
    else write(stream, headers, body);
  }

  function countRejection(reason: string): void {
    counters.rejected[reason] = (counters.rejected[reason] ?? 0) + 1;
  }

  function reject(stream: http2.ServerHttp2Stream, apnsId: string, r: Rejection): void {
    countRejection(r.reason);
    const body = r.timestamp === undefined ? APNS_REASON_BODY[r.reason] : Buffer.from(JSON.stringify({ reason: r.reason, timestamp: r.timestamp }));
    send(stream, { ':status': APNS_REASON_STATUS[r.reason], 'content-type': JSON_CONTENT_TYPE, 'apns-id': apnsId }, body);
  }

  function takeFault(token: string): ActiveFault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i];
      if (f === undefined || (f.token !== undefined && f.token !== token.toLowerCase())) continue;
      f.remaining--;
      if (f.remaining <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  function certCheck(conn: Connection, cert: ClientCertIdentity, topic: string): ApnsReason | undefined {
    if (conn.certVerdict === null) {
      if (!isCertTrusted(cert.x509, trustedCas, clock())) conn.certVerdict = 'BadCertificate';
      else if (!cert.voip && (conn.env === 'product' ? !cert.production : !cert.development)) conn.certVerdict = 'BadCertificateEnvironment';
      else conn.certVerdict = undefined;
    }
    if (conn.certVerdict !== undefined) return conn.certVerdict;
    // Pushy answers BadTopic when a certificate connection names a topic its certificate lacks.
    return cert.topics.includes(topic) ? undefined : 'BadTopic';
  }

  function finish(
    stream: http2.ServerHttp2Stream,
    headers: http2.IncomingHttpHeaders,
    conn: Connection,
    apnsId: string,
    token: string,
    topic: string,
    device: VirtualDevice | undefined,
    body: Buffer | undefined,
    size: number,
  ): void {
    const pushType = headerString(headers['apns-push-type']);
    if (size === 0) return reject(stream, apnsId, { reason: 'PayloadEmpty' });
    if (size > (pushType === 'voip' ? VOIP_PAYLOAD_LIMIT : PAYLOAD_LIMIT)) return reject(stream, apnsId, { reason: 'PayloadTooLarge' });

    if (faults.length > 0) {
      const fault = takeFault(token);
      if (fault !== undefined) {
        countRejection(fault.reason);
        const h: http2.OutgoingHttpHeaders = { ':status': fault.status, 'content-type': JSON_CONTENT_TYPE, 'apns-id': apnsId };
        if (fault.retryAfter !== undefined) h['retry-after'] = fault.retryAfter;
        const b = fault.status === 410 ? Buffer.from(JSON.stringify({ reason: fault.reason, timestamp: clock() })) : fault.body;
        return send(stream, h, b);
      }
    }

    counters.accepted++;
    if (keepPayloads) {
      const target = device ?? devices.getOrCreateUnknown(token, conn.env);
      const kept: Record<string, string> = {};
      for (const name in headers) {
        if (name.startsWith('apns-')) kept[name] = String(headers[name]);
      }
      const text = body?.toString('utf8') ?? '';
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        payload = text;
      }
      const expiration = headerString(headers['apns-expiration']);
      const notification: ReceivedNotification = {
        apnsId,
        topic,
        pushType,
        priority: Number(headerString(headers['apns-priority']) ?? 10),
        expiration: expiration === undefined ? undefined : Number(expiration),
        collapseId: headerString(headers['apns-collapse-id']),
        headers: kept,
        payload,
        receivedAt: clock(),
        environment: conn.env,
      };
      target.inbox.push(notification);
    }
    // Apple returns apns-unique-id from the development environment only.
    send(stream, conn.env === 'dev' ? { ':status': 200, 'apns-id': apnsId, 'apns-unique-id': randomUUID() } : { ':status': 200, 'apns-id': apnsId }, undefined);
  }

  function handle(
    stream: http2.ServerHttp2Stream,
    headers: http2.IncomingHttpHeaders,
    rawHeaders: readonly string[] | undefined,
    conn: Connection,
    body: Buffer | undefined,
    size: number,
  ): void {
    const sentId = headerString(headers['apns-id']);
    const apnsId = sentId !== undefined && UUID.test(sentId) ? sentId : randomUUID();
    if (hasDuplicateHeaders(rawHeaders)) return reject(stream, apnsId, { reason: 'DuplicateHeaders' });
    if (sentId !== undefined && apnsId !== sentId) return reject(stream, apnsId, { reason: 'BadMessageId' });
    if (headers[':method'] !== 'POST') return reject(stream, apnsId, { reason: 'MethodNotAllowed' });

    const cert = conn.cert;
    let topic = headerString(headers['apns-topic']);
    if (topic === undefined || topic === '') {
      // With a single-topic certificate APNs falls back to the certificate's topic (its UID).
      if (cert !== undefined && cert.topics.length === 1) topic = cert.topics[0];
      if (topic === undefined || topic === '') return reject(stream, apnsId, { reason: 'MissingTopic' });
    }

    const collapseId = headerString(headers['apns-collapse-id']);
    if (collapseId !== undefined && utf8Length(collapseId) > COLLAPSE_ID_LIMIT) return reject(stream, apnsId, { reason: 'BadCollapseId' });
    const priority = headerString(headers['apns-priority']);
    if (priority !== undefined && priority !== '10' && priority !== '5' && priority !== '1') return reject(stream, apnsId, { reason: 'BadPriority' });
    const pushType = headerString(headers['apns-push-type']);
    if (pushType !== undefined && !APNS_PUSH_TYPE_SUFFIX.has(pushType)) return reject(stream, apnsId, { reason: 'InvalidPushType' });
    if (pushType === 'background' && priority === '10') return reject(stream, apnsId, { reason: 'BadPriority' });
    // The `.voip` topic takes VoIP pushes only: a missing apns-push-type there is the old default, anything else
    // is refused (e.g. `alert`, as clients that forgot the header learned).
    const voipTopic = topic.endsWith(VOIP_SUFFIX);
    if (voipTopic && pushType !== undefined && pushType !== 'voip') return reject(stream, apnsId, { reason: 'InvalidPushType' });
    const expiration = headerString(headers['apns-expiration']);
    if (expiration !== undefined && !EXPIRATION.test(expiration)) return reject(stream, apnsId, { reason: 'BadExpirationDate' });

    const path = headers[':path'] ?? '';
    if (!path.startsWith(DEVICE_PATH)) return reject(stream, apnsId, { reason: 'BadPath' });
    const token = path.slice(DEVICE_PATH.length);
    if (token === '') return reject(stream, apnsId, { reason: 'MissingDeviceToken' });
    if (!DEVICE_TOKEN.test(token)) return reject(stream, apnsId, { reason: 'BadDeviceToken' });
    const device = devices.get(token);
    if (device === undefined) {
      if (!acceptUnknownDevices) return reject(stream, apnsId, { reason: 'BadDeviceToken' });
    } else {
      // A sandbox token sent to production (or the reverse) is BadDeviceToken on real APNs.
      if (device.environment !== undefined && device.environment !== conn.env) return reject(stream, apnsId, { reason: 'BadDeviceToken' });
      if (device.unregisteredAt !== undefined) return reject(stream, apnsId, { reason: 'Unregistered', timestamp: device.unregisteredAt });
      if (device.topic !== undefined && !deviceTakesTopic(device.topic, topic)) return reject(stream, apnsId, { reason: 'DeviceTokenNotForTopic' });
    }
    // Apple: "If you set this push type, the apns-topic header field must use your app's bundle ID with .voip
    // appended". Checked after the token, since a PushKit token sent to the bare bundle ID is DeviceTokenNotForTopic.
    if (pushType === 'voip' && !voipTopic) return reject(stream, apnsId, { reason: 'InvalidPushType' });

    if (cert !== undefined) {
      const denied = certCheck(conn, cert, topic);
      if (denied !== undefined) return reject(stream, apnsId, { reason: denied });
      return finish(stream, headers, conn, apnsId, token, topic, device, body, size);
    }

    const verdict = authorizeToken(conn.token, headerString(headers['authorization']), topic, keys, clock());
    const resolvedTopic = topic;
    const proceed = (denied: ApnsReason | undefined): void => {
      if (denied !== undefined) return reject(stream, apnsId, { reason: denied });
      if (!conn.authorized) {
        // "APNs allows only one stream until you post a request with a valid authentication token."
        conn.authorized = true;
        if (!conn.session.destroyed) conn.session.settings({ maxConcurrentStreams: authorizedStreams });
      }
      finish(stream, headers, conn, apnsId, token, resolvedTopic, device, body, size);
    };
    if (verdict instanceof Promise) verdict.then(proceed, () => reject(stream, apnsId, { reason: 'InternalServerError' }));
    else proceed(verdict);
  }

  function onStream(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, rawHeaders?: readonly string[]): void {
    const conn = connections.get(stream.session as http2.ServerHttp2Session);
    stream.on('error', noop);
    if (conn === undefined) {
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return;
    }
    counters.requests++;
    conn.active++;
    if (conn.active > counters.maxStreamsSeen) counters.maxStreamsSeen = conn.active;
    stream.once('close', () => {
      conn.active--;
    });
    let size = 0;
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (!keepPayloads || size > VOIP_PAYLOAD_LIMIT) return;
      if (first === undefined) first = chunk;
      else (rest ??= [first]).push(chunk);
    });
    stream.on('end', () => {
      const body = rest === undefined ? first : Buffer.concat(rest);
      handle(stream, headers, rawHeaders, conn, body, size);
    });
  }

  async function listen(env: ApnsEnvironment): Promise<http2.Http2SecureServer> {
    const server = http2.createSecureServer({
      key: serverCert.keyPem,
      cert: serverCert.certPem,
      // Certificate auth is judged per request (BadCertificate…), so the handshake accepts any client cert.
      requestCert: true,
      rejectUnauthorized: false,
      settings: { maxConcurrentStreams: initialStreams },
      maxSessionMemory: 64,
    });
    server.on('session', (session: http2.ServerHttp2Session) => {
      counters.connections++;
      session.on('error', noop);
      const peer = (session.socket as TLSSocket).getPeerX509Certificate();
      let cert: ClientCertIdentity | undefined;
      try {
        cert = peer === undefined ? undefined : readClientCertIdentity(peer);
      } catch {
        cert = undefined;
      }
      connections.set(session, {
        env,
        session,
        active: 0,
        authorized: cert !== undefined,
        token: createTokenConnectionState(),
        cert,
        certVerdict: null,
      });
      if (cert !== undefined) session.settings({ maxConcurrentStreams: authorizedStreams });
      session.once('close', () => connections.delete(session));
    });
    server.on('stream', onStream as (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void);
    server.listen(0, host);
    await once(server, 'listening');
    return server;
  }

  const servers = { product: await listen('product'), dev: await listen('dev') };
  const urls = {
    product: `https://${host}:${(servers.product.address() as AddressInfo).port}`,
    dev: `https://${host}:${(servers.dev.address() as AddressInfo).port}`,
  };

  return {
    urlFor: (env) => urls[env],
    caCertPem: pki.caCertPem,
    counters,

    registerKey(k) {
      keys.set(k.keyId, toRegisteredKey(k));
    },
    trustClientCa(caCertPem) {
      trustedCas.push(new X509Certificate(caCertPem));
      for (const conn of connections.values()) conn.certVerdict = null;
    },
    registerDevice(d) {
      devices.register(d);
    },
    unregisterDevice(token, atMs) {
      devices.unregister(token, atMs ?? clock());
    },
    inbox(token) {
      return devices.get(token)?.inbox.slice() ?? [];
    },
    injectFault(f: ApnsFault) {
      faults.push({
        token: f.token?.toLowerCase(),
        status: f.status,
        reason: f.reason,
        body: Buffer.from(JSON.stringify({ reason: f.reason })),
        remaining: f.times ?? Number.POSITIVE_INFINITY,
        retryAfter: f.retryAfterSeconds === undefined ? undefined : String(f.retryAfterSeconds),
      });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    clearFaults() {
      faults = [];
    },
    reset() {
      faults = [];
      latencyMs = 0;
      devices.clear();
      counters.requests = 0;
      counters.accepted = 0;
      counters.rejected = {};
      counters.maxStreamsSeen = 0;
      counters.connections = 0;
    },
    shutdown(reason = 'Shutdown') {
      const data = Buffer.from(JSON.stringify({ reason }));
      for (const session of connections.keys()) {
        if (session.destroyed || session.closed) continue;
        session.goaway(http2.constants.NGHTTP2_NO_ERROR, undefined, data);
        session.close();
      }
    },
    async close() {
      for (const session of connections.keys()) session.destroy();
      connections.clear();
      await Promise.all(
        Object.values(servers).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
      );
    },
  };
}
