/**
 * The Mi Push channel: POST /v3/message/regid with `Authorization: key=<AppSecret>` and form fields, up to 1000
 * regIds per request (🔎 Xiaomi's server SDK: "regIds的个数不得超过1000个"), one outcome per target.
 * Per-regId results come from `data.bad_regids` (🔎); whole-request codes map through xiaomi-results.ts.
 * Requests run under the per-app send limiter; retry delays honour Retry-After and otherwise back off per
 * channel, so a struggling vendor sees fewer requests, not more.
 */
import { createRetryDelays, createSendLimiter, createSettler, type RegIdGroup, type Settle } from '../shared/index.ts';
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import type { XiaomiCredential } from './xiaomi-credential.ts';
import { buildXiaomiFields, xiaomiRequestBody } from './xiaomi-form.ts';
import { xiaomiExchange, type FetchLike, type XiaomiReply } from './xiaomi-http.ts';
import { msUntilChinaMidnight, xiaomiResultEntry } from './xiaomi-results.ts';

export const XIAOMI_DEFAULT_BASE_URL = 'https://api.xmpush.xiaomi.com';
export const XIAOMI_SEND_PATH = '/v3/message/regid';
export const XIAOMI_MAX_REGIDS_PER_REQUEST = 1000;

export interface XiaomiChannelOptions {
  credential: XiaomiCredential;
  /** China by default; global regions use their own hosts (sgp-, fr-, idmb-, ru-api.xmpush.global.xiaomi.com). */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Concurrent requests for this app. Default 8. */
  maxInFlight?: number;
  /** Requests allowed to wait for a slot; beyond this their targets are answered `retry`. Default 10,000. */
  maxQueued?: number;
  /** RegIds per request, at most 1000 (the default). */
  batchSize?: number;
  /** Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the backoff when Xiaomi gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  clock?: () => number;
  observer?: ChannelObserver;
}

export interface XiaomiChannelStats {
  /** HTTP requests made (including per-regId resends after 10029). */
  requests: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** Batches resent one regId at a time because Xiaomi called one of their devices illegal. */
  splits: number;
  /** Requests that waited for, or were refused by, the per-app limit. */
  readonly delayed: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type XiaomiChannel = PushChannel & { readonly stats: Readonly<XiaomiChannelStats> };


const CHANNEL_BUSY_MS = 1000;

/** Captured answers carry `data` as an object; one public client's comment calls it a JSON string, so take both. */
function dataOf(data: unknown): Record<string, unknown> | undefined {
  let value = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function badRegIds(data: Record<string, unknown> | undefined): Set<string> {
  // Public clients read `bad_regids` (one Go client spells it `bad_regIds`); a comma-separated string.
  const raw = data?.['bad_regids'] ?? data?.['bad_regIds'];
  const list = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  return new Set(list.map((s) => s.trim()).filter((s) => s !== ''));
}

export function createXiaomiChannel(o: XiaomiChannelOptions): XiaomiChannel {
  const credential = o.credential;
  const fetchFn = o.fetch ?? globalThis.fetch;
  const url = `${(o.baseUrl ?? XIAOMI_DEFAULT_BASE_URL).replace(/\/+$/, '')}${XIAOMI_SEND_PATH}`;
  const clock = o.clock ?? Date.now;
  const batchSize = Math.min(XIAOMI_MAX_REGIDS_PER_REQUEST, Math.max(1, o.batchSize ?? XIAOMI_MAX_REGIDS_PER_REQUEST));
  const timeoutMs = o.requestTimeoutMs ?? 10_000;
  const observer = o.observer;
  const limiter = createSendLimiter('xiaomi', { maxInFlight: Math.max(1, o.maxInFlight ?? 8), maxQueued: Math.max(0, o.maxQueued ?? 10_000), observer });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs ?? 300_000, clock });
  let closed = false;

  const counts = { requests: 0, delivered: 0, rejected: 0, retry: 0, failed: 0, splits: 0 };
  const stats: XiaomiChannelStats = {
    get requests() {
      return counts.requests;
    },
    get delivered() {
      return counts.delivered;
    },
    get rejected() {
      return counts.rejected;
    },
    get retry() {
      return counts.retry;
    },
    get failed() {
      return counts.failed;
    },
    get splits() {
      return counts.splits;
    },
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
  };

  async function exchange(body: string): Promise<XiaomiReply> {
    counts.requests++;
    const started = performance.now();
    const reply = await xiaomiExchange(fetchFn, url, { method: 'POST', appSecret: credential.appSecret, body, timeoutMs });
    if (observer?.onVendorResponse !== undefined) {
      const reason = reply.status === 0 ? reply.transportError : reply.body?.code !== undefined && reply.body.code !== 0 ? String(reply.body.code) : undefined;
      observer.onVendorResponse('xiaomi', reply.status === 0 ? 'error' : reply.status, reason, (performance.now() - started) / 1000);
    }
    return reply;
  }

  async function sendBatch(fields: Map<string, string>, chunk: RegIdGroup[], settle: Settle, maySplit: boolean): Promise<void> {
    const all = (make: (token: string) => PushOutcome) => {
      for (const g of chunk) settle(g, make);
    };
    const body = xiaomiRequestBody(fields, chunk.map((g) => g.regId), credential.packageName);
    const reply = await limiter.run(() => exchange(body));
    if (reply === undefined) {
      all((token) => ({ kind: 'retry', token, reason: 'ChannelBusy', retryAfterMs: CHANNEL_BUSY_MS }));
      return;
    }
    if (reply.status === 0) {
      const retryAfterMs = delays.next(1000, null);
      all((token) => ({ kind: 'retry', token, reason: reply.transportError ?? 'NetworkError', retryAfterMs }));
      return;
    }
    const code = reply.body?.code;
    if (reply.status !== 200 || typeof code !== 'number') {
      const label = reply.status === 200 ? 'MalformedResponse' : `HTTP${reply.status}`;
      // A 200 without Xiaomi's JSON came from something in between (a proxy, a gateway page): try again later.
      if (reply.status === 200 || reply.status === 429 || reply.status >= 500) {
        const retryAfterMs = delays.next(1000, reply.retryAfter);
        all((token) => ({ kind: 'retry', token, reason: label, retryAfterMs }));
      } else if (reply.status === 401 || reply.status === 403) {
        all((token) => ({ kind: 'failed', token, reason: label, channelWide: true }));
      } else {
        all((token) => ({ kind: 'failed', token, reason: label }));
      }
      return;
    }
    if (code === 0) {
      delays.succeeded();
      const data = dataOf(reply.body?.data);
      const bad = badRegIds(data);
      const id = data?.['id'];
      const vendorId = typeof id === 'string' ? id : undefined;
      for (const g of chunk) {
        if (bad.has(g.regId)) settle(g, (token) => ({ kind: 'rejected', token, reason: 'InvalidRegId' }));
        else settle(g, (token) => (vendorId === undefined ? { kind: 'delivered', token } : { kind: 'delivered', token, vendorId }));
      }
      return;
    }
    const entry = xiaomiResultEntry(code, reply.body?.reason);
    const label = `${entry.name}(${code})`;
    switch (entry.action) {
      case 'retry': {
        const retryAfterMs = delays.next(entry.baseDelayMs ?? 1000, reply.retryAfter);
        all((token) => ({ kind: 'retry', token, reason: label, retryAfterMs }));
        return;
      }
      case 'daily-quota': {
        const retryAfterMs = msUntilChinaMidnight(clock());
        all((token) => ({ kind: 'retry', token, reason: label, retryAfterMs }));
        return;
      }
      case 'reject-all':
        all((token) => ({ kind: 'rejected', token, reason: label }));
        return;
      case 'reject-or-split':
        if (chunk.length === 1) {
          all((token) => ({ kind: 'rejected', token, reason: label }));
        } else if (maySplit) {
          // Xiaomi does not say which device was illegal: ask about each regId alone, once.
          counts.splits++;
          await Promise.all(chunk.map((g) => sendBatch(fields, [g], settle, false)));
        } else {
          all((token) => ({ kind: 'failed', token, reason: label }));
        }
        return;
      case 'fail':
        all((token) => ({ kind: 'failed', token, reason: label }));
        return;
      case 'fail-channel':
        all((token) => ({ kind: 'failed', token, reason: label, channelWide: true }));
        return;
    }
  }

  async function send(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    const { out, settle, everyone } = createSettler(targets, counts);
    if (targets.length === 0) return out;
    if (closed) {
      settle(everyone, (token) => ({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: CHANNEL_BUSY_MS }));
      return out;
    }
    const form = buildXiaomiFields(notification, clock());
    if (!form.ok) {
      settle(everyone, (token) => ({ kind: 'failed', token, reason: form.reason }));
      return out;
    }
    const groups = new Map<string, RegIdGroup>();
    for (let i = 0; i < targets.length; i++) {
      const regId = targets[i]!.vendorToken.trim();
      // A comma would split into two regIds on Xiaomi's side; such a string is no regId.
      if (regId === '' || regId.includes(',')) {
        settle({ regId, indexes: [i] }, (token) => ({ kind: 'rejected', token, reason: 'InvalidRegId' }));
        continue;
      }
      const g = groups.get(regId);
      if (g === undefined) groups.set(regId, { regId, indexes: [i] });
      else g.indexes.push(i);
    }
    const unique = [...groups.values()];
    const batches: Promise<void>[] = [];
    for (let i = 0; i < unique.length; i += batchSize) batches.push(sendBatch(form.fields, unique.slice(i, i + batchSize), settle, true));
    await Promise.all(batches);
    return out;
  }

  return {
    id: 'xiaomi',
    send,
    stats,
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}
