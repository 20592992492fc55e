/**
 * The engine shared by the Huawei and Honor channels: both take an OAuth client-credentials access token,
 * send one JSON request per batch of up to 1000 device tokens, and answer with a result code for the request
 * plus the tokens that failed. A vendor plugs in as a `VendorProtocol` (request shape and result codes); this
 * engine does the rest: token batching, the access-token cache with one refresh on an auth error, the per-app
 * concurrency limit, Retry-After and channel-wide backoff, and exactly one outcome per target.
 */
import { createAccessTokenCache, createRetryDelays, createSendLimiter, type AccessToken } from '../shared/index.ts';
import type { ChannelId, ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import { TokenRequestError } from './client-credentials-token.ts';
import { TransportError, headerValue, type HttpReply, type HttpTransport } from './http-transport.ts';
import type { ResultCodeEntry } from './result-codes.ts';
import { chunkTargets, halveChunk, type TokenChunk } from './token-chunks.ts';

export type SendVerdict =
  /** The request went through; tokens in `rejected` are dead, tokens in `failed` were not sent, the rest were. */
  | { kind: 'sent'; vendorId?: string; rejected?: ReadonlyMap<string, string>; failed?: ReadonlyMap<string, string> }
  | { kind: 'reject-all'; reason: string }
  | { kind: 'refresh-token'; reason: string }
  | { kind: 'split'; reason: string }
  | { kind: 'retry'; reason: string; baseDelayMs: number }
  | { kind: 'fail'; reason: string; channelWide: boolean };

export interface VendorRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface VendorProtocol<P> {
  readonly channel: ChannelId;
  /** Checks and serialises what every request of one notification shares; a failure fails every target. */
  prepare(notification: ChannelNotification, now: number): { ok: true; prepared: P } | { ok: false; reason: string };
  request(prepared: P, tokens: readonly string[], accessToken: string, now: number): VendorRequest;
  interpret(reply: HttpReply, tokens: readonly string[]): SendVerdict;
}

/** A table entry as a verdict, for the actions that concern the whole request. */
export function verdictOf(entry: ResultCodeEntry, reason: string): SendVerdict {
  switch (entry.action) {
    case 'delivered':
    case 'partial':
      return { kind: 'sent' };
    case 'reject-all':
      return { kind: 'reject-all', reason };
    case 'refresh-token':
      return { kind: 'refresh-token', reason };
    case 'split':
      return { kind: 'split', reason };
    case 'retry':
      return { kind: 'retry', reason, baseDelayMs: entry.baseDelayMs ?? 1_000 };
    case 'fail':
      return { kind: 'fail', reason, channelWide: false };
    case 'fail-channel':
      return { kind: 'fail', reason, channelWide: true };
  }
}

export interface HuaweiStyleChannelOptions<P> {
  protocol: VendorProtocol<P>;
  /** Fetches a new access token; throws TokenRequestError when the endpoint refuses or fails. */
  fetchToken: () => Promise<AccessToken>;
  /** Owned by the channel: closed with it. */
  transport: HttpTransport;
  maxTokensPerRequest: number;
  requestTimeoutMs: number;
  maxInFlight: number;
  maxQueued: number;
  maxRetryDelayMs: number;
  /** Refresh the access token this long before it expires. */
  tokenMarginMs: number;
  observer?: ChannelObserver | undefined;
  clock: () => number;
}

export interface HuaweiStyleChannelStats {
  /** Send requests written to the vendor (resends included). */
  requests: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** Access tokens fetched, and refetches forced by an auth error. */
  tokenFetches: number;
  tokenRefreshes: number;
  /** Requests split in halves after the vendor said "too many tokens". */
  splits: number;
  /** Requests that waited for, or were refused by, the per-app concurrency limit. */
  readonly delayed: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type HuaweiStyleChannel = PushChannel & { readonly stats: Readonly<HuaweiStyleChannelStats> };

type Exchange =
  | { kind: 'verdict'; verdict: SendVerdict; accessToken: string; retryAfter: string | undefined }
  | { kind: 'token-error'; error: TokenRequestError }
  | { kind: 'transport'; reason: string };

interface Batch {
  targets: readonly DeliveryTarget[];
  outcomes: PushOutcome[];
}

export function createHuaweiStyleChannel<P>(o: HuaweiStyleChannelOptions<P>): HuaweiStyleChannel {
  const { protocol, transport, clock, observer } = o;
  const channel = protocol.channel;
  const limiter = createSendLimiter(channel, { maxInFlight: Math.max(1, o.maxInFlight), maxQueued: Math.max(0, o.maxQueued), observer });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs, clock });
  const stats: HuaweiStyleChannelStats = {
    requests: 0,
    delivered: 0,
    rejected: 0,
    retry: 0,
    failed: 0,
    tokenFetches: 0,
    tokenRefreshes: 0,
    splits: 0,
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
  const tokens = createAccessTokenCache(
    () => {
      stats.tokenFetches++;
      return o.fetchToken();
    },
    { clock, marginMs: o.tokenMarginMs },
  );
  let closed = false;

  function settle(batch: Batch, chunk: TokenChunk, slot: number, make: (token: string) => PushOutcome): void {
    for (const index of chunk.targets[slot]!) {
      const outcome = make(batch.targets[index]!.token);
      stats[outcome.kind]++;
      batch.outcomes[index] = outcome;
    }
  }

  function settleChunk(batch: Batch, chunk: TokenChunk, make: (token: string) => PushOutcome): void {
    for (let slot = 0; slot < chunk.tokens.length; slot++) settle(batch, chunk, slot, make);
  }

  async function exchange(prepared: P, chunk: TokenChunk): Promise<Exchange> {
    let accessToken: string;
    try {
      accessToken = await tokens.get();
    } catch (e) {
      if (e instanceof TokenRequestError) return { kind: 'token-error', error: e };
      return { kind: 'token-error', error: new TokenRequestError({ ok: false, retryable: true, reason: 'OAuth:Error' }) };
    }
    const req = protocol.request(prepared, chunk.tokens, accessToken, clock());
    const started = performance.now();
    stats.requests++;
    let reply: HttpReply;
    try {
      reply = await transport.request(req.url, { method: 'POST', headers: req.headers, body: req.body, timeoutMs: o.requestTimeoutMs });
    } catch (e) {
      const reason = e instanceof TransportError ? e.kind : 'NetworkError';
      observer?.onVendorResponse?.(channel, 'error', reason, (performance.now() - started) / 1000);
      return { kind: 'transport', reason };
    }
    const verdict = protocol.interpret(reply, chunk.tokens);
    const reason = verdict.kind === 'sent' ? undefined : verdict.reason;
    observer?.onVendorResponse?.(channel, reply.status, reason, (performance.now() - started) / 1000);
    return { kind: 'verdict', verdict, accessToken, retryAfter: headerValue(reply.headers, 'retry-after') };
  }

  async function sendChunk(batch: Batch, prepared: P, chunk: TokenChunk, refreshed: boolean): Promise<void> {
    if (closed) {
      settleChunk(batch, chunk, (token) => ({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: 1_000 }));
      return;
    }
    const result = await limiter.run(() => exchange(prepared, chunk));
    if (result === undefined) {
      settleChunk(batch, chunk, (token) => ({ kind: 'retry', token, reason: 'ChannelBusy', retryAfterMs: 1_000 }));
      return;
    }
    if (result.kind === 'transport') {
      const retryAfterMs = delays.next(1_000);
      settleChunk(batch, chunk, (token) => ({ kind: 'retry', token, reason: result.reason, retryAfterMs }));
      return;
    }
    if (result.kind === 'token-error') {
      const { outcome } = result.error;
      if (outcome.retryable) {
        const retryAfterMs = delays.next(1_000, outcome.retryAfter);
        settleChunk(batch, chunk, (token) => ({ kind: 'retry', token, reason: outcome.reason, retryAfterMs }));
      } else {
        settleChunk(batch, chunk, (token) => ({ kind: 'failed', token, reason: outcome.reason, channelWide: true }));
      }
      return;
    }
    const verdict = result.verdict;
    switch (verdict.kind) {
      case 'sent': {
        delays.succeeded();
        for (let slot = 0; slot < chunk.tokens.length; slot++) {
          const vendorToken = chunk.tokens[slot]!;
          const dead = verdict.rejected?.get(vendorToken);
          const failed = verdict.failed?.get(vendorToken);
          if (dead !== undefined) settle(batch, chunk, slot, (token) => ({ kind: 'rejected', token, reason: dead }));
          else if (failed !== undefined) settle(batch, chunk, slot, (token) => ({ kind: 'failed', token, reason: failed }));
          else settle(batch, chunk, slot, (token) => (verdict.vendorId === undefined ? { kind: 'delivered', token } : { kind: 'delivered', token, vendorId: verdict.vendorId }));
        }
        return;
      }
      case 'reject-all':
        settleChunk(batch, chunk, (token) => ({ kind: 'rejected', token, reason: verdict.reason }));
        return;
      case 'refresh-token':
        if (refreshed) {
          // A token fetched a moment ago is refused too: the client ID or secret is wrong for this app.
          settleChunk(batch, chunk, (token) => ({ kind: 'failed', token, reason: verdict.reason, channelWide: true }));
          return;
        }
        stats.tokenRefreshes++;
        tokens.invalidate(result.accessToken);
        await sendChunk(batch, prepared, chunk, true);
        return;
      case 'split':
        if (chunk.tokens.length < 2) {
          settleChunk(batch, chunk, (token) => ({ kind: 'failed', token, reason: verdict.reason }));
          return;
        }
        stats.splits++;
        await Promise.all(halveChunk(chunk).map((half) => sendChunk(batch, prepared, half, refreshed)));
        return;
      case 'retry': {
        const retryAfterMs = delays.next(verdict.baseDelayMs, result.retryAfter);
        settleChunk(batch, chunk, (token) => ({ kind: 'retry', token, reason: verdict.reason, retryAfterMs }));
        return;
      }
      case 'fail':
        settleChunk(batch, chunk, (token) =>
          verdict.channelWide ? { kind: 'failed', token, reason: verdict.reason, channelWide: true } : { kind: 'failed', token, reason: verdict.reason },
        );
        return;
    }
  }

  async function send(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (targets.length === 0) return [];
    const batch: Batch = { targets, outcomes: new Array<PushOutcome>(targets.length) };
    const all = { tokens: targets.map((t) => t.vendorToken), targets: targets.map((_t, i) => [i]) };
    if (closed) {
      settleChunk(batch, all, (token) => ({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: 1_000 }));
      return batch.outcomes;
    }
    const ready = protocol.prepare(notification, clock());
    if (!ready.ok) {
      settleChunk(batch, all, (token) => ({ kind: 'failed', token, reason: ready.reason }));
      return batch.outcomes;
    }
    const chunks = chunkTargets(targets, o.maxTokensPerRequest);
    await Promise.all(chunks.map((chunk) => sendChunk(batch, ready.prepared, chunk, false)));
    return batch.outcomes;
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    transport.close();
  }

  return { id: channel, send, close, stats };
}
