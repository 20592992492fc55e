/**
 * The FCM HTTP v1 channel: one `messages:send` request per target (v1 has no multi-token send; the legacy batch
 * endpoint is gone), many in flight over keep-alive connections, one outcome per target.
 *
 * - Auth: a cached OAuth access token (fcm-access-token.ts); a 401 drops it, fetches a new one and resends once.
 *   When the token endpoint refuses the service account, every target of the app fails channel-wide and the
 *   endpoint is not asked again for `credentialRecheckMs`, so a bad credential costs one token request, not one
 *   per target.
 * - Errors: fcm-errors.ts. Retries honour Retry-After; without it the channel-wide exponential backoff of
 *   shared/retry-delay applies, plus the per-message random delay FCM asks for ("delay each one independently by
 *   an additional random amount", ErrorCode reference ✅).
 * - TTL: `notification.expiration` (epoch seconds, 0 = now or never) becomes `android.ttl` at send time, so a
 *   message that waited in a queue keeps its original deadline; one past its deadline is not sent.
 */
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import { createRetryDelays, createSendLimiter, parseRetryAfter } from '../shared/index.ts';
import { createFcmAccessTokens, FcmAuthError, type FcmAccessTokens } from './fcm-access-token.ts';
import type { FcmCredential } from './fcm-credentials.ts';
import { fcmErrorVerdict, readFcmError } from './fcm-errors.ts';
import { createFcmHttp, type FcmHttp } from './fcm-http.ts';
import { FCM_MAX_TTL_SECONDS } from './fcm-limits.ts';

export const FCM_DEFAULT_BASE_URL = 'https://fcm.googleapis.com';

export interface FcmChannelOptions {
  credential: FcmCredential;
  /** FCM API origin; default https://fcm.googleapis.com. */
  baseUrl?: string;
  /** OAuth token endpoint; default the credential's token_uri. */
  tokenUrl?: string;
  /** Extra trusted CA (PEM), e.g. the emulator's. */
  ca?: string;
  /** Send with `validate_only`: FCM checks everything and delivers nothing (dry run). */
  validateOnly?: boolean;
  /** Requests in flight at once for this app. Default 256; the excess waits. */
  maxInFlight?: number;
  /** Targets allowed to wait; beyond this they are answered `retry` at once. Default 1,000,000. */
  maxQueued?: number;
  /** Keep-alive connections to FCM. Default: maxInFlight. */
  maxSockets?: number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the backoff when FCM gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  /** After the token endpoint refused the credential, answer `failed` without asking it again for this long. Default 60 s. */
  credentialRecheckMs?: number;
  clock?: () => number;
  /** Source of the per-message random delay added to backoffs; Math.random by default. */
  random?: () => number;
  observer?: ChannelObserver;
  /** Shared access tokens for this credential; one is created when omitted. */
  tokens?: FcmAccessTokens;
}

export interface FcmChannelStats {
  /** Requests written to FCM, resends included. */
  sent: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** Requests resent inside the channel after a 401 and a fresh access token. */
  resent: number;
  /** Targets that waited for the in-flight limit. */
  readonly delayed: number;
  /** Targets answered `retry` at once because the queue was full. */
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
  readonly tokenFetches: number;
  readonly socketsOpened: number;
}

export type FcmChannel = PushChannel & { readonly stats: Readonly<FcmChannelStats> };

interface Prepared {
  head: string;
  tail: string;
}

type AuthState = { token: string } | { outcome: 'failed' | 'retry'; reason: string; retryAfterMs: number };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorCode(e: unknown): string {
  return e !== null && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : 'Error';
}

function messageIdOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const name = isRecord(parsed) ? parsed['name'] : undefined;
    return typeof name === 'string' ? name.slice(name.lastIndexOf('/') + 1) : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export function createFcmChannel(o: FcmChannelOptions): FcmChannel {
  const credential = o.credential;
  const clock = o.clock ?? Date.now;
  const random = o.random ?? Math.random;
  const observer = o.observer;
  const maxInFlight = Math.max(1, o.maxInFlight ?? 256);
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  const credentialRecheckMs = o.credentialRecheckMs ?? 60_000;
  const base = (o.baseUrl ?? FCM_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const sendUrl = new URL(`${base}/v1/projects/${credential.projectId}/messages:send`);
  const http: FcmHttp = createFcmHttp({ maxSockets: o.maxSockets ?? maxInFlight, ...(o.ca !== undefined ? { ca: o.ca } : {}) });
  const tokens = o.tokens ?? createFcmAccessTokens(credential, { http, clock, ...(o.tokenUrl !== undefined ? { tokenUrl: o.tokenUrl } : {}) });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs ?? 300_000, clock });
  const limiter = createSendLimiter('fcm', { maxInFlight, maxQueued: Math.max(0, o.maxQueued ?? 1_000_000), observer });
  const active = new Set<Promise<unknown>>();
  let closed = false;
  // Set while the token endpoint is known to refuse the credential or to be down.
  let authBlock: { until: number; outcome: 'failed' | 'retry'; reason: string } | undefined;

  const stats: FcmChannelStats = {
    sent: 0,
    delivered: 0,
    rejected: 0,
    retry: 0,
    failed: 0,
    resent: 0,
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
    get tokenFetches() {
      return tokens.fetches;
    },
    get socketsOpened() {
      return http.socketsOpened;
    },
  };

  function settle(outcome: PushOutcome): PushOutcome {
    stats[outcome.kind]++;
    return outcome;
  }

  function retryDelay(baseMs: number, retryAfter: string | undefined): number {
    const delay = delays.next(baseMs, retryAfter);
    if (parseRetryAfter(retryAfter, clock()) !== undefined) return delay;
    return delay + Math.floor(random() * delay * 0.1);
  }

  function report(status: number | 'error', reason: string | undefined, startedAt: number): void {
    observer?.onVendorResponse?.('fcm', status, reason, (performance.now() - startedAt) / 1000);
  }

  /** The serialised request minus the token, split around it; undefined when the message is past its deadline. */
  function prepare(n: ChannelNotification): Prepared | undefined {
    const message: Record<string, unknown> = { ...n.payload };
    delete message['token'];
    if (n.expiration !== undefined) {
      const ttl = n.expiration === 0 ? 0 : n.expiration - Math.floor(clock() / 1000);
      if (ttl < 0) return undefined;
      const android = isRecord(message['android']) ? message['android'] : {};
      message['android'] = { ...android, ttl: `${Math.min(ttl, FCM_MAX_TTL_SECONDS)}s` };
    }
    const rest = JSON.stringify(message);
    return {
      head: o.validateOnly === true ? '{"validate_only":true,"message":{"token":' : '{"message":{"token":',
      tail: rest === '{}' ? '}}' : `,${rest.slice(1)}}`,
    };
  }

  async function accessToken(): Promise<AuthState> {
    const now = clock();
    if (authBlock !== undefined) {
      if (now < authBlock.until) return { outcome: authBlock.outcome, reason: authBlock.reason, retryAfterMs: authBlock.until - now };
      authBlock = undefined;
    }
    try {
      return { token: await tokens.get() };
    } catch (e) {
      const err = e instanceof FcmAuthError ? e : new FcmAuthError('unavailable', `TokenError:${errorCode(e)}`, String(e));
      if (err.kind === 'rejected') {
        authBlock = { until: clock() + credentialRecheckMs, outcome: 'failed', reason: err.reason };
        return { outcome: 'failed', reason: err.reason, retryAfterMs: 0 };
      }
      const wait = retryDelay(1000, err.retryAfter);
      authBlock = { until: clock() + wait, outcome: 'retry', reason: err.reason };
      return { outcome: 'retry', reason: err.reason, retryAfterMs: wait };
    }
  }

  async function sendOne(target: DeliveryTarget, prepared: Prepared): Promise<PushOutcome> {
    const token = target.token;
    const body = prepared.head + JSON.stringify(target.vendorToken) + prepared.tail;
    let refreshed = false;
    for (;;) {
      if (closed) return settle({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: 1000 });
      const auth = await accessToken();
      if (!('token' in auth)) {
        return settle(
          auth.outcome === 'failed'
            ? { kind: 'failed', token, reason: auth.reason, channelWide: true }
            : { kind: 'retry', token, reason: auth.reason, retryAfterMs: auth.retryAfterMs },
        );
      }
      const startedAt = performance.now();
      let reply;
      try {
        stats.sent++;
        reply = await http.request(sendUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${auth.token}`, 'content-type': 'application/json; charset=UTF-8' },
          body,
          timeoutMs: requestTimeoutMs,
        });
      } catch (e) {
        const code = errorCode(e);
        const reason = code === 'ETIMEDOUT' ? 'Timeout' : `NetworkError:${code}`;
        report('error', reason, startedAt);
        return settle({ kind: 'retry', token, reason, retryAfterMs: retryDelay(1000, undefined) });
      }
      if (reply.status === 200) {
        report(200, undefined, startedAt);
        delays.succeeded();
        const vendorId = messageIdOf(reply.body);
        return settle(vendorId === undefined ? { kind: 'delivered', token } : { kind: 'delivered', token, vendorId });
      }
      const verdict = fcmErrorVerdict(readFcmError(reply.status, reply.body));
      report(reply.status, verdict.reason, startedAt);
      switch (verdict.action) {
        case 'reject':
          return settle({ kind: 'rejected', token, reason: verdict.reason });
        case 'fail':
          return settle({ kind: 'failed', token, reason: verdict.reason });
        case 'fail-channel':
          return settle({ kind: 'failed', token, reason: verdict.reason, channelWide: true });
        case 'retry':
          return settle({
            kind: 'retry',
            token,
            reason: verdict.reason,
            retryAfterMs: retryDelay(verdict.baseDelayMs ?? 1000, headerValue(reply.headers['retry-after'])),
          });
        case 'refresh-token':
          // A token that FCM refuses straight after it was issued: the credential itself is the problem.
          if (refreshed) return settle({ kind: 'failed', token, reason: verdict.reason, channelWide: true });
          refreshed = true;
          tokens.invalidate(auth.token);
          stats.resent++;
          continue;
      }
    }
  }

  async function sendAll(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (closed) return targets.map((t) => settle({ kind: 'retry', token: t.token, reason: 'ChannelClosed', retryAfterMs: 1000 }));
    const prepared = prepare(notification);
    if (prepared === undefined) return targets.map((t) => settle({ kind: 'failed', token: t.token, reason: 'Expired' }));
    return Promise.all(
      targets.map(async (t) => {
        const outcome = await limiter.run(() => sendOne(t, prepared));
        return outcome ?? settle({ kind: 'retry', token: t.token, reason: 'ChannelBusy', retryAfterMs: retryDelay(1000, undefined) });
      }),
    );
  }

  return {
    id: 'fcm',
    stats,
    send(notification, targets) {
      const run = sendAll(notification, targets);
      active.add(run);
      const forget = (): void => {
        active.delete(run);
      };
      run.then(forget, forget);
      return run;
    },
    async close() {
      closed = true;
      await Promise.allSettled([...active]);
      http.close();
    },
  };
}
