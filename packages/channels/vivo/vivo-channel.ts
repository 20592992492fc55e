/**
 * The vivo channel: one authToken per app, cached until shortly before its day is up and fetched again when
 * vivo refuses it (10000); one target goes through `/message/send`, several through `/message/saveListPayload`
 * (the shared body, once) and `/message/pushToList` (up to 1000 regIds per call, with per-regId
 * `invalidUsers`). Every target gets exactly one outcome; nothing per target throws.
 */
import { randomUUID } from 'node:crypto';
import { createAccessTokenCache, createRetryDelays, createSendLimiter, parseRetryAfter } from '../shared/index.ts';
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import { fetchVivoAuthToken, VivoAuthError } from './vivo-auth.ts';
import { msUntilBeijingHour } from './vivo-beijing-time.ts';
import type { VivoCredential } from './vivo-credentials.ts';
import { postVivoJson, transportReason, vivoResultOf, type FetchLike, type VivoHttpResponse } from './vivo-http.ts';
import { vivoInvalidUser, vivoResultEntry } from './vivo-results.ts';
import { shapeVivoText } from './vivo-text.ts';

export const VIVO_DEFAULT_BASE_URL = 'https://api-push.vivo.com.cn';
export const VIVO_SEND_PATH = '/message/send';
export const VIVO_SAVE_LIST_PAYLOAD_PATH = '/message/saveListPayload';
export const VIVO_PUSH_TO_LIST_PATH = '/message/pushToList';
/** pushToList takes 2 to 1000 regIds (vivo doc, "regId列表 个数大于等于2,小于等于1000"). */
export const VIVO_MAX_LIST_TARGETS = 1000;

export interface VivoChannelOptions {
  credential: VivoCredential;
  /** Default https://api-push.vivo.com.cn. */
  baseUrl?: string;
  /** vivo `pushMode`: 0 production (default); 1 test, which reaches only the test devices set in vivo's console. */
  pushMode?: 0 | 1;
  /** Concurrent vivo requests for this app; the excess waits. Default 16. */
  maxInFlight?: number;
  /** Requests allowed to wait; beyond this their targets are answered `retry` at once. Default 10,000. */
  maxQueued?: number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** Ceiling of the exponential retry delay when vivo gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  /**
   * Fetch a new authToken this long before the cached one's day is up. Default 1 h, so a token is used for at
   * most 23 h; a token vivo refuses earlier (10000) is replaced at once.
   */
  tokenRefreshMarginMs?: number;
  clock?: () => number;
  observer?: ChannelObserver;
  fetch?: FetchLike;
}

export interface VivoChannelStats {
  /** HTTP requests sent to vivo (auth excluded). */
  requests: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** authTokens thrown away because vivo refused them. */
  tokenRefreshes: number;
  /** Requests that waited for, or were refused by, the in-flight limit. */
  readonly delayed: number;
  readonly dropped: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type VivoChannel = PushChannel & { readonly stats: Readonly<VivoChannelStats> };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An outcome before it is attached to a target. */
type Verdict = DistributiveOmit<PushOutcome, 'token'>;

type CallResult = { ok: true; res: VivoHttpResponse; json: Record<string, unknown> } | { ok: false; verdict: Verdict };

const RETRY_BASE_MS = 1000;

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function createVivoChannel(o: VivoChannelOptions): VivoChannel {
  const credential = o.credential;
  const baseUrl = (o.baseUrl ?? VIVO_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const clock = o.clock ?? Date.now;
  const fetchFn = o.fetch ?? fetch;
  const timeoutMs = o.requestTimeoutMs ?? 10_000;
  const pushMode = o.pushMode ?? 0;
  const appId = Number(credential.appId);
  const observer = o.observer;
  const abort = new AbortController();
  let closed = false;

  const limiter = createSendLimiter('vivo', { maxInFlight: Math.max(1, o.maxInFlight ?? 16), maxQueued: Math.max(0, o.maxQueued ?? 10_000), observer });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs ?? 300_000, clock });
  const tokens = createAccessTokenCache(
    () => fetchVivoAuthToken(credential, { baseUrl, fetch: fetchFn, clock, timeoutMs, signal: abort.signal }),
    { clock, marginMs: o.tokenRefreshMarginMs ?? 3_600_000 },
  );

  const counts = { requests: 0, delivered: 0, rejected: 0, retry: 0, failed: 0, tokenRefreshes: 0 };
  const stats: VivoChannelStats = Object.defineProperties(counts, {
    delayed: { get: () => limiter.stats.delayed, enumerable: true },
    dropped: { get: () => limiter.stats.dropped, enumerable: true },
    inFlight: { get: () => limiter.stats.inFlight, enumerable: true },
    queued: { get: () => limiter.stats.queued, enumerable: true },
  }) as VivoChannelStats;

  function retryIn(reason: string, retryAfter: string | null): Verdict {
    return { kind: 'retry', reason, retryAfterMs: delays.next(RETRY_BASE_MS, retryAfter) };
  }

  /** A delay vivo fixes by the clock (quota day, push hours), unless it said otherwise in Retry-After. */
  function retryAt(reason: string, hour: number, retryAfter: string | null): Verdict {
    const told = parseRetryAfter(retryAfter, clock());
    return { kind: 'retry', reason, retryAfterMs: told ?? msUntilBeijingHour(clock(), hour) };
  }

  /** The verdict for a non-zero `result` that names no particular target. */
  function verdictFor(result: number, retryAfter: string | null): Verdict {
    const entry = vivoResultEntry(result);
    const reason = `${entry.label}(${result})`;
    switch (entry.action) {
      case 'reject':
        return { kind: 'rejected', reason };
      case 'retry':
        return retryIn(reason, retryAfter);
      case 'retry-next-day':
        return retryAt(reason, 0, retryAfter);
      case 'retry-at-push-hours':
        return retryAt(reason, 7, retryAfter);
      case 'fail':
        return { kind: 'failed', reason };
      case 'fail-channel':
      case 'refresh-token':
        return { kind: 'failed', reason, channelWide: true };
    }
  }

  function invalidUserVerdict(status: unknown): Verdict {
    const s = typeof status === 'number' ? status : Number(status);
    const entry = vivoInvalidUser(s);
    const reason = `${entry.label}(${s})`;
    return entry.action === 'reject' ? { kind: 'rejected', reason } : { kind: 'failed', reason };
  }

  async function timedPost(path: string, body: unknown, authToken: string): Promise<VivoHttpResponse | { error: string }> {
    counts.requests++;
    const started = performance.now();
    try {
      const res = await postVivoJson(fetchFn, baseUrl + path, body, { authToken, timeoutMs, signal: abort.signal });
      const result = vivoResultOf(res.json);
      observer?.onVendorResponse?.('vivo', res.status, result === undefined || result === 0 ? undefined : String(result), (performance.now() - started) / 1000);
      return res;
    } catch (err) {
      const reason = closed ? 'ChannelClosed' : transportReason(err);
      observer?.onVendorResponse?.('vivo', 'error', reason, (performance.now() - started) / 1000);
      return { error: reason };
    }
  }

  /** One authenticated call; a refused token is replaced and the call made once more. */
  async function call(path: string, body: unknown): Promise<CallResult> {
    let refreshed = false;
    for (;;) {
      let authToken: string;
      try {
        authToken = await tokens.get();
      } catch (err) {
        if (err instanceof VivoAuthError) {
          return { ok: false, verdict: err.channelWide ? { kind: 'failed', reason: err.reason, channelWide: true } : retryIn(err.reason, err.retryAfter) };
        }
        return { ok: false, verdict: retryIn('AuthUnavailable', null) };
      }
      const res = await limiter.run(() => timedPost(path, body, authToken));
      if (res === undefined) return { ok: false, verdict: { kind: 'retry', reason: 'ChannelBusy', retryAfterMs: RETRY_BASE_MS } };
      if ('error' in res) return { ok: false, verdict: retryIn(res.error, null) };
      if (res.status === 429 || res.status >= 500) return { ok: false, verdict: retryIn(`HTTP${res.status}`, res.retryAfter) };
      if (res.status === 401 || res.status === 403) return { ok: false, verdict: { kind: 'failed', reason: `HTTP${res.status}`, channelWide: true } };
      if (res.status !== 200) return { ok: false, verdict: { kind: 'failed', reason: `HTTP${res.status}` } };
      const result = vivoResultOf(res.json);
      if (res.json === undefined || result === undefined) return { ok: false, verdict: retryIn('MalformedResponse', res.retryAfter) };
      delays.succeeded();
      if (result === 10000) {
        if (refreshed) return { ok: false, verdict: verdictFor(result, null) };
        refreshed = true;
        counts.tokenRefreshes++;
        tokens.invalidate(authToken);
        continue;
      }
      return { ok: true, res, json: res.json };
    }
  }

  function prepare(n: ChannelNotification): Record<string, unknown> {
    const body: Record<string, unknown> = { ...n.payload };
    for (const key of ['regId', 'regIds', 'alias', 'aliases', 'taskId', 'requestId', 'pushMode']) delete body[key];
    const shaped = shapeVivoText(text(body['title']), text(body['content']));
    body['title'] = shaped.title;
    body['content'] = shaped.content;
    // vivo requires both (1 none … 4 ring and vibrate; 1 open the app).
    body['notifyType'] ??= 4;
    body['skipType'] ??= 1;
    body['appId'] = appId;
    return body;
  }

  async function sendOne(body: Record<string, unknown>, regId: string): Promise<Verdict> {
    const r = await call(VIVO_SEND_PATH, { ...body, regId, requestId: randomUUID(), pushMode });
    if (!r.ok) return r.verdict;
    const result = vivoResultOf(r.json)!;
    if (result === 0) return { kind: 'delivered', vendorId: text(r.json['taskId']) };
    const invalid = r.json['invalidUser'];
    if (invalid !== null && typeof invalid === 'object' && 'status' in invalid) return invalidUserVerdict((invalid as { status: unknown }).status);
    return verdictFor(result, r.res.retryAfter);
  }

  async function sendList(body: Record<string, unknown>, regIds: string[]): Promise<Map<string, Verdict>> {
    const out = new Map<string, Verdict>();
    const all = (v: Verdict) => {
      for (const id of regIds) out.set(id, v);
      return out;
    };
    const saved = await call(VIVO_SAVE_LIST_PAYLOAD_PATH, { ...body, requestId: randomUUID() });
    if (!saved.ok) return all(saved.verdict);
    const savedResult = vivoResultOf(saved.json)!;
    const taskId = text(saved.json['taskId']);
    if (savedResult !== 0) return all(verdictFor(savedResult, saved.res.retryAfter));
    if (taskId === '') return all({ kind: 'failed', reason: 'MissingTaskId' });

    // Even chunks, so that none is left with the single regId pushToList would refuse.
    const chunkCount = Math.ceil(regIds.length / VIVO_MAX_LIST_TARGETS);
    const size = Math.ceil(regIds.length / chunkCount);
    const chunks: string[][] = [];
    for (let i = 0; i < regIds.length; i += size) chunks.push(regIds.slice(i, i + size));
    await Promise.all(
      chunks.map(async (chunk) => {
        const r = await call(VIVO_PUSH_TO_LIST_PATH, { appId, regIds: chunk, taskId, requestId: randomUUID(), pushMode });
        if (!r.ok) {
          for (const id of chunk) out.set(id, r.verdict);
          return;
        }
        const result = vivoResultOf(r.json)!;
        if (result !== 0) {
          const v = verdictFor(result, r.res.retryAfter);
          for (const id of chunk) out.set(id, v);
          return;
        }
        const invalid = new Map<string, unknown>();
        const list = r.json['invalidUsers'];
        if (Array.isArray(list)) {
          for (const u of list) {
            if (u !== null && typeof u === 'object') invalid.set(String((u as { userid?: unknown }).userid), (u as { status?: unknown }).status);
          }
        }
        for (const id of chunk) out.set(id, invalid.has(id) ? invalidUserVerdict(invalid.get(id)) : { kind: 'delivered', vendorId: taskId });
      }),
    );
    return out;
  }

  function attach(token: string, v: Verdict): PushOutcome {
    counts[v.kind]++;
    return { ...v, token } as PushOutcome;
  }

  async function send(n: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (targets.length === 0) return [];
    if (closed) return targets.map((t) => attach(t.token, { kind: 'retry', reason: 'ChannelClosed', retryAfterMs: RETRY_BASE_MS }));
    const body = prepare(n);
    // One regId listed twice is sent once; both targets get its outcome.
    const regIds = [...new Set(targets.map((t) => t.vendorToken))];
    let verdicts: Map<string, Verdict>;
    if (regIds.length === 1) verdicts = new Map([[regIds[0]!, await sendOne(body, regIds[0]!)]]);
    else verdicts = await sendList(body, regIds);
    return targets.map((t) => attach(t.token, verdicts.get(t.vendorToken)!));
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    abort.abort();
  }

  return { id: 'vivo', send, close, stats };
}
