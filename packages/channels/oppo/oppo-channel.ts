/**
 * The OPPO Push channel. Auth: an `auth_token` from /server/v1/auth, cached per host until shortly before its
 * 24 hours run out, dropped and fetched again when OPPO answers 11 (Invalid AuthToken). Send: one registration
 * id → /server/v1/message/notification/unicast with `message`; several → …/unicast_batch with `messages`
 * (✅ "最多1000个"), whose `data` holds `{messageId, registrationId, errorCode?, errorMessage?}` per message.
 * Registration ids go to the China or the overseas host by their form (oppo-region.ts). Requests run under
 * the per-app send limiter; retry delays honour Retry-After and otherwise back off per channel.
 */
import { createAccessTokenCache, createRetryDelays, createSendLimiter, createSettler, type AccessTokenCache, type RegIdGroup, type Settle } from '../shared/index.ts';
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import { fetchOppoAuthToken, OppoAuthFailure } from './oppo-auth.ts';
import type { OppoCredential } from './oppo-credential.ts';
import { oppoPost, type FetchLike, type OppoReply } from './oppo-http.ts';
import { buildOppoNotification } from './oppo-notification.ts';
import { oppoRegionOf, type OppoRegion } from './oppo-region.ts';
import { msUntilChinaMidnight, oppoResultEntry, type OppoResultEntry } from './oppo-results.ts';

export const OPPO_DEFAULT_BASE_URL = 'https://api.push.oppomobile.com';
export const OPPO_DEFAULT_INTL_BASE_URL = 'https://api-intl.push.oppomobile.com';
export const OPPO_UNICAST_PATH = '/server/v1/message/notification/unicast';
export const OPPO_UNICAST_BATCH_PATH = '/server/v1/message/notification/unicast_batch';
export const OPPO_MAX_MESSAGES_PER_BATCH = 1000;

export interface OppoChannelOptions {
  credential: OppoCredential;
  /** Host for China registration ids. */
  baseUrl?: string;
  /** Host for overseas registration ids. */
  intlBaseUrl?: string;
  fetch?: FetchLike;
  /** Ask the device to drop a message whose target is not its current registration id. Default false (OPPO's). */
  verifyRegistrationId?: boolean;
  /** Concurrent requests for this app. Default 8. */
  maxInFlight?: number;
  /** Requests allowed to wait; beyond this their targets are answered `retry`. Default 10,000. */
  maxQueued?: number;
  /** Messages per unicast_batch, at most 1000 (the default). */
  batchSize?: number;
  /** Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the backoff when OPPO gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  clock?: () => number;
  observer?: ChannelObserver;
}

export interface OppoChannelStats {
  /** Send requests made (auth requests not included). */
  requests: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** Auth tokens fetched. */
  tokensFetched: number;
  /** Sends repeated with a new token after OPPO called the old one invalid. */
  tokenRefreshes: number;
  readonly delayed: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type OppoChannel = PushChannel & { readonly stats: Readonly<OppoChannelStats> };


interface BatchItem {
  messageId?: unknown;
  registrationId?: unknown;
  errorCode?: unknown;
  errorMessage?: unknown;
}

const CHANNEL_BUSY_MS = 1000;

export function createOppoChannel(o: OppoChannelOptions): OppoChannel {
  const credential = o.credential;
  const fetchFn = o.fetch ?? globalThis.fetch;
  const clock = o.clock ?? Date.now;
  const timeoutMs = o.requestTimeoutMs ?? 10_000;
  const batchSize = Math.min(OPPO_MAX_MESSAGES_PER_BATCH, Math.max(1, o.batchSize ?? OPPO_MAX_MESSAGES_PER_BATCH));
  const verify = o.verifyRegistrationId ?? false;
  const observer = o.observer;
  const limiter = createSendLimiter('oppo', { maxInFlight: Math.max(1, o.maxInFlight ?? 8), maxQueued: Math.max(0, o.maxQueued ?? 10_000), observer });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs ?? 300_000, clock });
  const hosts: Record<OppoRegion, string> = {
    cn: (o.baseUrl ?? OPPO_DEFAULT_BASE_URL).replace(/\/+$/, ''),
    intl: (o.intlBaseUrl ?? OPPO_DEFAULT_INTL_BASE_URL).replace(/\/+$/, ''),
  };
  const counts = { requests: 0, delivered: 0, rejected: 0, retry: 0, failed: 0, tokensFetched: 0, tokenRefreshes: 0 };
  const tokenCache = (region: OppoRegion): AccessTokenCache =>
    createAccessTokenCache(
      () => {
        counts.tokensFetched++;
        return fetchOppoAuthToken(credential, { baseUrl: hosts[region], fetch: fetchFn, clock, timeoutMs });
      },
      { clock },
    );
  const tokens: Record<OppoRegion, AccessTokenCache> = { cn: tokenCache('cn'), intl: tokenCache('intl') };
  let closed = false;

  const stats: OppoChannelStats = {
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
    get tokensFetched() {
      return counts.tokensFetched;
    },
    get tokenRefreshes() {
      return counts.tokenRefreshes;
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

  /** The outcome an entry asks for, for targets that are not simply delivered or rejected. */
  function outcomeFor(entry: OppoResultEntry, label: string, retryAfter: string | null): (token: string) => PushOutcome {
    switch (entry.action) {
      case 'retry': {
        const retryAfterMs = delays.next(entry.baseDelayMs ?? 1000, retryAfter);
        return (token) => ({ kind: 'retry', token, reason: label, retryAfterMs });
      }
      case 'daily-quota': {
        const retryAfterMs = msUntilChinaMidnight(clock());
        return (token) => ({ kind: 'retry', token, reason: label, retryAfterMs });
      }
      case 'reject':
        return (token) => ({ kind: 'rejected', token, reason: label });
      case 'fail-channel':
      case 'refresh-token':
        return (token) => ({ kind: 'failed', token, reason: label, channelWide: true });
      case 'fail':
        return (token) => ({ kind: 'failed', token, reason: label });
    }
  }

  async function exchange(region: OppoRegion, path: string, form: Record<string, string>): Promise<OppoReply> {
    counts.requests++;
    const started = performance.now();
    const reply = await oppoPost(fetchFn, `${hosts[region]}${path}`, form, timeoutMs);
    if (observer?.onVendorResponse !== undefined) {
      const reason = reply.status === 0 ? reply.transportError : reply.body?.code !== undefined && reply.body.code !== 0 ? String(reply.body.code) : undefined;
      observer.onVendorResponse('oppo', reply.status === 0 ? 'error' : reply.status, reason, (performance.now() - started) / 1000);
    }
    return reply;
  }

  function messageFor(regId: string, notification: Record<string, unknown>): Record<string, unknown> {
    const message: Record<string, unknown> = { target_type: 2, target_value: regId, notification };
    if (verify) message['verify_registration_id'] = true;
    return message;
  }

  async function sendChunk(
    region: OppoRegion,
    notification: Record<string, unknown>,
    chunk: RegIdGroup[],
    settle: Settle,
    attempt: { refreshed: boolean; maySplit: boolean },
  ): Promise<void> {
    const all = (make: (token: string) => PushOutcome) => {
      for (const g of chunk) settle(g, make);
    };
    let authToken: string;
    try {
      authToken = await tokens[region].get();
    } catch (e) {
      if (e instanceof OppoAuthFailure) all(outcomeFor(e.entry, e.label, e.retryAfter));
      else all(outcomeFor({ name: 'AuthError', action: 'retry', baseDelayMs: 1000 }, 'AuthError', null));
      return;
    }
    const single = chunk.length === 1;
    const form: Record<string, string> = { auth_token: authToken };
    if (single) form['message'] = JSON.stringify(messageFor(chunk[0]!.regId, notification));
    else form['messages'] = JSON.stringify(chunk.map((g) => messageFor(g.regId, notification)));
    const reply = await limiter.run(() => exchange(region, single ? OPPO_UNICAST_PATH : OPPO_UNICAST_BATCH_PATH, form));
    if (reply === undefined) {
      all((token) => ({ kind: 'retry', token, reason: 'ChannelBusy', retryAfterMs: CHANNEL_BUSY_MS }));
      return;
    }
    if (reply.status === 0) {
      all(outcomeFor({ name: 'Transport', action: 'retry', baseDelayMs: 1000 }, reply.transportError ?? 'NetworkError', null));
      return;
    }
    const code = reply.body?.code;
    if (reply.status !== 200 || typeof code !== 'number') {
      const label = reply.status === 200 ? 'MalformedResponse' : `HTTP${reply.status}`;
      // A 200 without OPPO's JSON came from something in between (a proxy, a gateway page): try again later.
      const transient = reply.status === 200 || reply.status === 429 || reply.status >= 500;
      const action = transient ? 'retry' : reply.status === 401 || reply.status === 403 ? 'fail-channel' : 'fail';
      all(outcomeFor({ name: label, action, baseDelayMs: 1000 }, label, reply.retryAfter));
      return;
    }
    if (code === 0) {
      delays.succeeded();
      if (single) {
        const id = (reply.body?.data as { messageId?: unknown } | undefined)?.messageId;
        all((token) => (typeof id === 'string' ? { kind: 'delivered', token, vendorId: id } : { kind: 'delivered', token }));
        return;
      }
      const items = new Map<string, BatchItem>();
      if (Array.isArray(reply.body?.data)) {
        for (const item of reply.body.data as BatchItem[]) {
          if (typeof item === 'object' && item !== null && typeof item.registrationId === 'string') items.set(item.registrationId, item);
        }
      }
      for (const g of chunk) {
        const item = items.get(g.regId);
        if (item === undefined) {
          // OPPO answers every message of a batch; without an answer the message's fate is unknown.
          settle(g, outcomeFor({ name: 'NoResult', action: 'retry', baseDelayMs: 1000 }, 'NoResult', null));
          continue;
        }
        const errorCode = typeof item.errorCode === 'number' ? item.errorCode : 0;
        if (errorCode === 0) {
          const id = item.messageId;
          settle(g, (token) => (typeof id === 'string' ? { kind: 'delivered', token, vendorId: id } : { kind: 'delivered', token }));
        } else {
          const entry = oppoResultEntry(errorCode);
          settle(g, outcomeFor(entry, `${entry.name}(${errorCode})`, null));
        }
      }
      return;
    }
    const entry = oppoResultEntry(code);
    const label = `${entry.name}(${code})`;
    if (entry.action === 'refresh-token') {
      tokens[region].invalidate(authToken);
      if (!attempt.refreshed) {
        counts.tokenRefreshes++;
        return sendChunk(region, notification, chunk, settle, { ...attempt, refreshed: true });
      }
      // A token fetched a moment ago is refused too: nothing this channel can do will help.
      all(outcomeFor(entry, label, reply.retryAfter));
      return;
    }
    if (entry.action === 'reject' && !single) {
      // A batch-wide rejection does not say which id is dead: ask about each alone, once.
      if (attempt.maySplit) {
        await Promise.all(chunk.map((g) => sendChunk(region, notification, [g], settle, { refreshed: attempt.refreshed, maySplit: false })));
      } else {
        all(outcomeFor({ name: entry.name, action: 'fail' }, label, null));
      }
      return;
    }
    all(outcomeFor(entry, label, reply.retryAfter));
  }

  async function send(n: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    const { out, settle, everyone } = createSettler(targets, counts);
    if (targets.length === 0) return out;
    if (closed) {
      settle(everyone, (token) => ({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: CHANNEL_BUSY_MS }));
      return out;
    }
    const built = buildOppoNotification(n, clock());
    if (!built.ok) {
      settle(everyone, (token) => ({ kind: 'failed', token, reason: built.reason }));
      return out;
    }
    const byRegion: Record<OppoRegion, Map<string, RegIdGroup>> = { cn: new Map(), intl: new Map() };
    for (let i = 0; i < targets.length; i++) {
      const regId = targets[i]!.vendorToken.trim();
      if (regId === '') {
        settle({ regId, indexes: [i] }, (token) => ({ kind: 'rejected', token, reason: 'InvalidRegistrationId' }));
        continue;
      }
      const groups = byRegion[oppoRegionOf(regId)];
      const g = groups.get(regId);
      if (g === undefined) groups.set(regId, { regId, indexes: [i] });
      else g.indexes.push(i);
    }
    const work: Promise<void>[] = [];
    for (const region of ['cn', 'intl'] as const) {
      const unique = [...byRegion[region].values()];
      for (let i = 0; i < unique.length; i += batchSize) {
        work.push(sendChunk(region, built.notification, unique.slice(i, i + batchSize), settle, { refreshed: false, maySplit: true }));
      }
    }
    await Promise.all(work);
    return out;
  }

  return {
    id: 'oppo',
    send,
    stats,
    close() {
      closed = true;
      return Promise.resolve();
    },
  };
}
