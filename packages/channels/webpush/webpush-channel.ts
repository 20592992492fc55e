/**
 * The Web Push channel (RFC 8030 + RFC 8291 + RFC 8292): one encrypted POST per subscription, each to the push
 * service its endpoint names, with one VAPID token per push-service origin and a keep-alive pool per origin.
 * The same channel reaches UnifiedPush distributors: a UnifiedPush endpoint is a Web Push endpoint
 * (UnifiedPush SERV_1.2.0 takes the same encrypted RFC 8030 request and answers 201).
 *
 * Per target: one outcome, never a throw. A vendor token that is not a subscription is `rejected`; 404/410 are
 * `rejected`; 429/5xx/timeouts are `retry` after Retry-After or a per-origin backoff; a 503 with Retry-After
 * holds that whole origin, so the rest of a batch is answered `retry` without knocking again; 400/401/403 are
 * `failed` channel-wide (VAPID or request problems every send would hit); 413 and over-long payloads `failed`.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { createRetryDelays, createSendLimiter, type RetryDelays, type SendLimiter } from '../shared/index.ts';
import type { ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import type { WebPushCredential } from './vapid-credential.ts';
import { createVapidAuthorizations, type VapidAuthorizations } from './vapid-token.ts';
import { encryptWebPushPayload, WEBPUSH_MAX_PLAINTEXT_BYTES } from './webpush-encryption.ts';
import { isWebPushUrgency, webPushTopic, webPushTtl, type WebPushNotification } from './webpush-headers.ts';
import { webPushErrorDetail, webPushVerdict } from './webpush-responses.ts';
import { decodeWebPushVendorToken, type DecodedWebPushSubscription } from './webpush-subscription.ts';
import { createWebPushTransport, type WebPushResponse, type WebPushTransport } from './webpush-transport.ts';

export interface WebPushChannelOptions {
  credential: WebPushCredential;
  /** Extra trusted CA (PEM) for push services with a private certificate (the emulator). */
  ca?: string | string[];
  /** Deliver to `http:` endpoints on loopback hosts (tests, a local distributor). Default false. */
  allowLoopbackHttp?: boolean;
  /** Concurrent requests of this app's channel. Default 256; the excess waits. */
  maxInFlight?: number;
  /** Targets allowed to wait; beyond this they are answered `retry` at once. Default 100,000. */
  maxQueued?: number;
  /** Keep-alive connections per push-service origin. Default 64. */
  maxSocketsPerOrigin?: number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the exponential retry delay when no Retry-After came. Default 5 min. */
  maxRetryDelayMs?: number;
  clock?: () => number;
  observer?: ChannelObserver;
  /** Shared VAPID token cache; one is made from `credential` when omitted. */
  vapid?: VapidAuthorizations;
  /** Shared HTTP transport; one is made (and closed with the channel) when omitted. */
  transport?: WebPushTransport;
}

export interface WebPushChannelStats {
  /** Requests sent to push services. */
  sent: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** Targets answered `retry` without a request because their origin is on hold (503 + Retry-After). */
  held: number;
  readonly delayed: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly connectionsOpened: number;
  readonly vapidTokensMinted: number;
}

export type WebPushChannel = PushChannel & {
  /** Takes the Web Push extras (`urgency`) beside the common notification fields. */
  send(notification: WebPushNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]>;
  readonly stats: Readonly<WebPushChannelStats>;
};

interface Prepared {
  plaintext: Buffer;
  /** Shared by every target; `ttl`, `authorization` and `content-length` are added per request. */
  headers: OutgoingHttpHeaders;
  expiration: number | undefined;
}

const MAX_ORIGINS = 1000;

function getOrMake<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= MAX_ORIGINS) map.delete(map.keys().next().value as string);
    value = make();
    map.set(key, value);
  }
  return value;
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function createWebPushChannel(o: WebPushChannelOptions): WebPushChannel {
  const clock = o.clock ?? Date.now;
  const observer = o.observer;
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  const maxRetryDelayMs = o.maxRetryDelayMs ?? 300_000;
  const allowLoopbackHttp = o.allowLoopbackHttp ?? false;
  const vapid = o.vapid ?? createVapidAuthorizations(o.credential, { clock });
  const ownTransport = o.transport === undefined;
  const transport =
    o.transport ??
    createWebPushTransport({
      ...(o.ca !== undefined ? { ca: o.ca } : {}),
      ...(o.maxSocketsPerOrigin !== undefined ? { maxSocketsPerOrigin: o.maxSocketsPerOrigin } : {}),
    });
  const limiter: SendLimiter = createSendLimiter('webpush', {
    maxInFlight: Math.max(1, o.maxInFlight ?? 256),
    maxQueued: Math.max(0, o.maxQueued ?? 100_000),
    observer,
  });
  const delaysByOrigin = new Map<string, RetryDelays>();
  const holdUntil = new Map<string, number>();
  let closed = false;
  let active = 0;
  let idle: (() => void) | undefined;

  const stats: WebPushChannelStats = {
    sent: 0,
    delivered: 0,
    rejected: 0,
    retry: 0,
    failed: 0,
    held: 0,
    get delayed() {
      return limiter.stats.delayed;
    },
    get dropped() {
      return limiter.stats.dropped;
    },
    get inFlight() {
      return limiter.stats.inFlight;
    },
    get queued() {
      return limiter.stats.queued;
    },
    get connectionsOpened() {
      return transport.connectionsOpened;
    },
    get vapidTokensMinted() {
      return vapid.minted;
    },
  };

  function count(outcome: PushOutcome): PushOutcome {
    stats[outcome.kind]++;
    return outcome;
  }

  function delaysFor(origin: string): RetryDelays {
    return getOrMake(delaysByOrigin, origin, () => createRetryDelays({ maxDelayMs: maxRetryDelayMs, clock }));
  }

  /** The per-notification request parts, or the reason every target fails. */
  function prepare(n: WebPushNotification): Prepared | string {
    const plaintext = Buffer.from(JSON.stringify(n.payload));
    if (plaintext.length > WEBPUSH_MAX_PLAINTEXT_BYTES) return 'PayloadTooLarge';
    if (webPushTtl(n.expiration, clock()) === undefined) return 'Expired';
    const headers: OutgoingHttpHeaders = { 'content-type': 'application/octet-stream', 'content-encoding': 'aes128gcm' };
    if (n.urgency !== undefined) {
      if (!isWebPushUrgency(n.urgency)) return 'BadUrgency';
      headers['urgency'] = n.urgency;
    }
    if (n.collapseId !== undefined && n.collapseId !== '') headers['topic'] = webPushTopic(n.collapseId);
    return { plaintext, headers, expiration: n.expiration };
  }

  function outcomeOf(token: string, sub: DecodedWebPushSubscription, res: WebPushResponse, authorization: string): PushOutcome {
    const delays = delaysFor(sub.origin);
    if (res.status === 0) {
      const reason = res.timedOut ? 'Timeout' : `NetworkError${res.error?.code !== undefined ? `:${res.error.code}` : ''}`;
      return { kind: 'retry', token, reason, retryAfterMs: delays.next(1000) };
    }
    const verdict = webPushVerdict(res.status);
    const detail = webPushErrorDetail(res.body, res.status);
    const reason = detail === undefined ? verdict.label : `${verdict.label}:${detail}`;
    switch (verdict.action) {
      case 'deliver': {
        delays.succeeded();
        const location = headerString(res.headers.location);
        return location === undefined ? { kind: 'delivered', token } : { kind: 'delivered', token, vendorId: location };
      }
      case 'reject':
        return { kind: 'rejected', token, reason };
      case 'fail':
        return { kind: 'failed', token, reason };
      case 'fail-channel':
        // The next request to this push service signs a fresh token, in case only this one was refused.
        if (res.status === 401 || res.status === 403) vapid.invalidate(sub.origin, authorization);
        return { kind: 'failed', token, reason, channelWide: true };
      case 'retry': {
        const retryAfter = headerString(res.headers['retry-after']);
        const retryAfterMs = delays.next(verdict.baseDelayMs ?? 1000, retryAfter);
        // A service-wide 503 with a date to come back: the rest of the batch waits instead of knocking.
        if (res.status === 503 && retryAfter !== undefined) {
          if (holdUntil.size >= MAX_ORIGINS && !holdUntil.has(sub.origin)) holdUntil.delete(holdUntil.keys().next().value as string);
          holdUntil.set(sub.origin, clock() + retryAfterMs);
        }
        return { kind: 'retry', token, reason, retryAfterMs };
      }
    }
  }

  async function sendOne(prepared: Prepared, target: DeliveryTarget): Promise<PushOutcome> {
    const token = target.token;
    if (closed) return { kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: 1000 };
    let sub: DecodedWebPushSubscription;
    try {
      sub = decodeWebPushVendorToken(target.vendorToken, { allowLoopbackHttp });
    } catch {
      return { kind: 'rejected', token, reason: 'InvalidSubscription' };
    }
    const heldTill = holdUntil.get(sub.origin);
    if (heldTill !== undefined) {
      const wait = heldTill - clock();
      if (wait > 0) {
        stats.held++;
        return { kind: 'retry', token, reason: 'ServiceUnavailable:held', retryAfterMs: wait };
      }
      holdUntil.delete(sub.origin);
    }
    let body: Buffer;
    try {
      body = encryptWebPushPayload(prepared.plaintext, sub.uaPublic, sub.authSecret);
    } catch {
      // ECDH refused the browser's key: not a point on P-256, so no push can ever reach it.
      return { kind: 'rejected', token, reason: 'InvalidSubscription' };
    }
    let authorization: string;
    try {
      authorization = await vapid.get(sub.origin);
    } catch {
      return { kind: 'failed', token, reason: 'VapidSigningFailed', channelWide: true };
    }
    // TTL counts from now, not from when the batch came in: a target that waited in the queue gets less.
    const ttl = webPushTtl(prepared.expiration, clock());
    if (ttl === undefined) return { kind: 'failed', token, reason: 'Expired' };
    const headers: OutgoingHttpHeaders = { ...prepared.headers, ttl: String(ttl), authorization, 'content-length': body.length };
    const started = performance.now();
    stats.sent++;
    const res = await transport.request(sub.url, 'POST', headers, body, requestTimeoutMs);
    const outcome = outcomeOf(token, sub, res, authorization);
    observer?.onVendorResponse?.(
      'webpush',
      res.status === 0 ? 'error' : res.status,
      outcome.kind === 'delivered' ? undefined : outcome.reason,
      (performance.now() - started) / 1000,
    );
    return outcome;
  }

  async function track(prepared: Prepared, target: DeliveryTarget): Promise<PushOutcome> {
    active++;
    try {
      const outcome = await limiter.run(() => sendOne(prepared, target));
      return count(outcome ?? { kind: 'retry', token: target.token, reason: 'ChannelBusy', retryAfterMs: 1000 });
    } catch (err) {
      // Node refuses some requests synchronously (a header it will not write): still one outcome, no throw.
      const code = err !== null && typeof err === 'object' && 'code' in err ? String(err.code) : 'Error';
      return count({ kind: 'failed', token: target.token, reason: `RequestError:${code}` });
    } finally {
      if (--active === 0) idle?.();
    }
  }

  async function send(notification: WebPushNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (targets.length === 0) return [];
    if (closed) return targets.map((t) => count({ kind: 'retry', token: t.token, reason: 'ChannelClosed', retryAfterMs: 1000 }));
    const prepared = prepare(notification);
    if (typeof prepared === 'string') return targets.map((t) => count({ kind: 'failed', token: t.token, reason: prepared }));
    return Promise.all(targets.map((t) => track(prepared, t)));
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (active > 0) {
      // Requests already sent finish (or time out); queued ones answer ChannelClosed when their turn comes.
      await new Promise<void>((resolve) => {
        idle = resolve;
      });
    }
    if (ownTransport) transport.close();
  }

  return { id: 'webpush', send, close, stats };
}
