/**
 * The APNs channel: node:http2 sessions kept open, every granted stream kept busy, one outcome per target.
 * Hot-path rules (a benchmark holds it to ≥ 0.8× a bare http2 loop): the payload is serialised once per
 * notification, one header object per notification is reused for every target (Node copies headers
 * synchronously inside `request()`), stream listeners are shared functions created once per channel and
 * find their job through a symbol on the stream, and nothing is logged per request. Per target the channel
 * allocates one small job (error details go in a side object made only on error) and its outcome; request
 * timeouts are one channel-wide sweep over the in-flight jobs instead of a timer per stream.
 */
import http2, { type ClientHttp2Stream, type IncomingHttpHeaders, type SecureClientSessionOptions } from 'node:http2';
import type {
  ChannelNotification,
  ChannelObserver,
  DeliveryTarget,
  PushChannel,
  PushEnvironment,
  PushOutcome,
} from '../types.ts';
import type { ApnsCredential } from './apns-credentials.ts';
import { createApnsProviderTokens, type ApnsProviderToken, type ApnsProviderTokens, type ApnsTokenKey } from './apns-provider-tokens.ts';
import { apnsReasonEntry } from './apns-reasons.ts';
import { openApnsSession, type ApnsSession } from './apns-session.ts';
import { apnsPayloadLimit, apnsTopicFor } from './apns-topic.ts';

export interface ApnsChannelOptions {
  credential: ApnsCredential;
  environment: PushEnvironment;
  /** Default https://api.push.apple.com (product) or https://api.sandbox.push.apple.com (dev). */
  baseUrl?: string;
  /** Extra trusted CA (PEM), e.g. the emulator's. */
  ca?: string;
  /** Concurrent requests across all sessions of this channel (per app). Default 1000; the excess waits. */
  maxInFlight?: number;
  /** Targets allowed to wait; beyond this they are answered `retry` at once. Default 1,000,000. */
  maxQueued?: number;
  /** HTTP/2 sessions per channel. Default 1. */
  sessions?: number;
  /** Per-request timeout. Default 10 s. */
  requestTimeoutMs?: number;
  /** PING a session idle this long. Default 60 s. */
  pingIdleMs?: number;
  /** Ceiling of the exponential retry delay when APNs gives no Retry-After. Default 5 min. */
  maxRetryDelayMs?: number;
  clock?: () => number;
  observer?: ChannelObserver;
  /** Shared provider-token cache (token auth); one is created when omitted. */
  tokenProvider?: ApnsProviderTokens;
}

export interface ApnsChannelStats {
  /** Requests written to APNs (including resends). */
  sent: number;
  delivered: number;
  rejected: number;
  retry: number;
  failed: number;
  /** Targets that had to wait for the in-flight limit. */
  delayed: number;
  /** Targets answered `retry` at once because the queue was full. */
  dropped: number;
  /** Requests resent inside the channel (GOAWAY, Shutdown, expired provider token). */
  resent: number;
  sessionsOpened: number;
  tokenRefreshes: number;
  /** Most streams ever open at once on one session. */
  peakStreams: number;
  /** Highest stream limit a peer has granted. */
  grantedStreams: number;
  readonly inFlight: number;
  readonly queued: number;
}

export type ApnsChannel = PushChannel & { readonly stats: Readonly<ApnsChannelStats> };

interface Batch {
  outcomes: PushOutcome[];
  remaining: number;
  resolve: (outcomes: PushOutcome[]) => void;
}

interface Prepared {
  /** Shared by every target of the notification: `:path` and `authorization` are set per request. */
  headers: Record<string, string>;
  body: Buffer;
}

interface Job {
  batch: Batch;
  index: number;
  target: DeliveryTarget;
  prepared: Prepared;
  resends: number;
  session: ApnsSession | undefined;
  stream: JobStream | undefined;
  status: number;
  responseId: string | undefined;
  /** The body has been handed to nghttp2 in full ('finish'). */
  flushed: boolean;
  /** Sweep tick at dispatch; -1 while not in the in-flight list. */
  tick: number;
  /** performance.now() at dispatch, only when an observer wants latencies. */
  startedAt: number;
  /** Neighbours in the in-flight list, oldest first. */
  older: Job | undefined;
  newer: Job | undefined;
  /** Made on the first error-path detail only: successes never allocate it. */
  trouble: Trouble | undefined;
}

interface Trouble {
  retryAfter: string | undefined;
  body: string | undefined;
  error: Error | undefined;
  timedOut: boolean;
  /** Survives resends: a second ExpiredProviderToken after a refresh is channel-wide. */
  tokenRefreshed: boolean;
}

type JobStream = ClientHttp2Stream & { [kJob]?: Job };

const kJob = Symbol('apnsJob');
const MAX_RESENDS = 2;
const SENSITIVE = [':path'];
/**
 * Streams whose body nghttp2 has not taken yet. When the server's connection window runs out, nghttp2
 * splits one body at the window edge and, as long as new streams keep arriving, schedules that stream's
 * remainder after every newcomer (equal weights, its cycle is ahead): it starves until it times out.
 * Opening no new stream while this many bodies wait lets the window drain in order.
 */
const MAX_UNFLUSHED = 64;
const DEFAULT_URL = { product: 'https://api.push.apple.com', dev: 'https://api.sandbox.push.apple.com' } as const;

function inferPushType(payload: Record<string, unknown>): string {
  const aps = payload['aps'];
  if (aps !== null && typeof aps === 'object') {
    const a = aps as Record<string, unknown>;
    if (a['content-available'] === 1 && a['alert'] === undefined && a['badge'] === undefined && a['sound'] === undefined) {
      return 'background';
    }
  }
  return 'alert';
}

function troubleOf(job: Job): Trouble {
  return (job.trouble ??= { retryAfter: undefined, body: undefined, error: undefined, timedOut: false, tokenRefreshed: false });
}

function parseReason(body: string | undefined): string | undefined {
  if (body === undefined || body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    const reason = parsed !== null && typeof parsed === 'object' ? (parsed as { reason?: unknown }).reason : undefined;
    return typeof reason === 'string' ? reason : undefined;
  } catch {
    return undefined;
  }
}

export function createApnsChannel(o: ApnsChannelOptions): ApnsChannel {
  const credential = o.credential;
  const clock = o.clock ?? Date.now;
  const observer = o.observer;
  const onVendorResponse = observer?.onVendorResponse?.bind(observer);
  const maxInFlight = Math.max(1, o.maxInFlight ?? 1000);
  const maxQueued = Math.max(0, o.maxQueued ?? 1_000_000);
  const sessionCount = Math.max(1, o.sessions ?? 1);
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  // The sweep runs a few times per timeout, at most once a second: a request is cancelled between
  // requestTimeoutMs and about requestTimeoutMs + 2 sweeps after it left.
  const sweepMs = Math.max(10, Math.min(1000, Math.ceil(requestTimeoutMs / 4)));
  const sweepTicks = Math.ceil(requestTimeoutMs / sweepMs);
  const maxRetryDelayMs = o.maxRetryDelayMs ?? 300_000;
  const url = o.baseUrl ?? DEFAULT_URL[o.environment];
  const tokens = o.tokenProvider ?? createApnsProviderTokens({ clock });
  const tokenKey: ApnsTokenKey | undefined =
    credential.kind === 'p8' ? { teamId: credential.teamId, keyId: credential.keyId, privateKeyPem: credential.privateKeyPem } : undefined;

  const connect: SecureClientSessionOptions = {
    settings: { enablePush: false },
    // Room for a thousand streams of 4–5 KB each plus headers.
    maxSessionMemory: 64,
  };
  if (o.ca !== undefined) connect.ca = o.ca;
  if (credential.kind === 'p12') {
    connect.key = credential.keyPem;
    connect.cert = credential.certPem;
  }

  const stats: ApnsChannelStats = {
    sent: 0,
    delivered: 0,
    rejected: 0,
    retry: 0,
    failed: 0,
    delayed: 0,
    dropped: 0,
    resent: 0,
    sessionsOpened: 0,
    tokenRefreshes: 0,
    peakStreams: 0,
    grantedStreams: 0,
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return queue.length - head + urgent.length;
    },
  };

  const pool: Array<ApnsSession | undefined> = new Array<ApnsSession | undefined>(sessionCount).fill(undefined);
  // Every session not yet closed, including draining ones no longer in `pool`, so close() can wait for them.
  const live = new Set<ApnsSession>();
  let roundRobin = 0;
  // FIFO of waiting jobs; `head` avoids O(n) shifts. Resends go to `urgent` and are served first.
  let queue: Array<Job | undefined> = [];
  let head = 0;
  let urgent: Job[] = [];
  let inFlight = 0;
  let pumping = false;
  let closed = false;
  let currentToken: ApnsProviderToken | undefined;
  let tokenRefreshing = false;
  // Sessions that closed in a row without a single response, and when the next may be opened.
  let failedSessions = 0;
  let reconnectAt = 0;
  let backoffLevel = 0;
  let backoffBumpedAt = -Infinity;
  // In-flight jobs in dispatch order, for the timeout sweep.
  let oldest: Job | undefined;
  let newest: Job | undefined;
  let tick = 0;
  let sweepTimer: NodeJS.Timeout | undefined;

  // ---- outcomes -----------------------------------------------------------------------------------------

  function settle(job: Job, outcome: PushOutcome): void {
    stats[outcome.kind]++;
    store(job, outcome);
  }

  function store(job: Job, outcome: PushOutcome): void {
    const batch = job.batch;
    batch.outcomes[job.index] = outcome;
    if (--batch.remaining === 0) batch.resolve(batch.outcomes);
  }

  function retryDelay(baseMs: number, retryAfter: string | undefined): number {
    if (retryAfter !== undefined) {
      const seconds = Number(retryAfter);
      if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) return Math.max(0, at - clock());
    }
    // One step up per base interval of continuing trouble, not per failed target: a burst of 1000 503s
    // in one batch is one incident.
    const now = clock();
    if (now - backoffBumpedAt >= baseMs) {
      if (backoffLevel < 16) backoffLevel++;
      backoffBumpedAt = now;
    }
    return Math.min(maxRetryDelayMs, baseMs * 2 ** (backoffLevel - 1));
  }

  function transportFailure(job: Job): void {
    const session = job.session;
    const timedOut = job.trouble?.timedOut === true;
    const error = job.trouble?.error;
    const refused = session !== undefined && session.goawayLastStreamId !== undefined && job.status === 0 && !timedOut;
    if (refused && job.resends < MAX_RESENDS) {
      resend(job);
      return;
    }
    const reason = timedOut ? 'Timeout' : `NetworkError${error && 'code' in error ? `:${String(error.code)}` : ''}`;
    settle(job, { kind: 'retry', token: job.target.token, reason, retryAfterMs: retryDelay(1000, undefined) });
  }

  function resend(job: Job): void {
    if (closed) {
      settle(job, { kind: 'retry', token: job.target.token, reason: 'ChannelClosed', retryAfterMs: 1000 });
      return;
    }
    job.resends++;
    stats.resent++;
    job.status = 0;
    job.responseId = undefined;
    const trouble = job.trouble;
    if (trouble !== undefined) {
      trouble.body = undefined;
      trouble.error = undefined;
      trouble.retryAfter = undefined;
      trouble.timedOut = false;
    }
    urgent.push(job);
  }

  function finish(job: Job): void {
    const status = job.status;
    if (status === 200) {
      job.session!.answered++;
      backoffLevel = 0;
      if (onVendorResponse !== undefined) onVendorResponse('apns', 200, undefined, (performance.now() - job.startedAt) / 1000);
      stats.delivered++;
      store(job, { kind: 'delivered', token: job.target.token, vendorId: job.responseId ?? '' });
      return;
    }
    const trouble = job.trouble;
    if (status === 0) {
      if (onVendorResponse !== undefined) {
        onVendorResponse('apns', 'error', trouble?.timedOut === true ? 'Timeout' : trouble?.error?.message, (performance.now() - job.startedAt) / 1000);
      }
      transportFailure(job);
      return;
    }
    job.session!.answered++;
    const token = job.target.token;
    const reason = parseReason(trouble?.body);
    if (onVendorResponse !== undefined) onVendorResponse('apns', status, reason, (performance.now() - job.startedAt) / 1000);
    const label = reason ?? `HTTP${status}`;
    const entry = apnsReasonEntry(status, reason);
    switch (entry.action) {
      case 'reject':
        settle(job, { kind: 'rejected', token, reason: label });
        return;
      case 'fail':
        settle(job, { kind: 'failed', token, reason: label });
        return;
      case 'fail-channel':
        settle(job, { kind: 'failed', token, reason: label, channelWide: true });
        return;
      case 'retry':
        settle(job, { kind: 'retry', token, reason: label, retryAfterMs: retryDelay(entry.baseDelayMs ?? 1000, trouble?.retryAfter) });
        return;
      case 'reconnect':
        job.session?.drain();
        if (job.resends < MAX_RESENDS) resend(job);
        else settle(job, { kind: 'retry', token, reason: label, retryAfterMs: retryDelay(1000, trouble?.retryAfter) });
        return;
      case 'refresh-token': {
        const t = troubleOf(job);
        if (tokenKey === undefined || t.tokenRefreshed) {
          // A token minted just now is already "expired": the clocks disagree by more than an hour.
          settle(job, { kind: 'failed', token, reason: label, channelWide: true });
          return;
        }
        t.tokenRefreshed = true;
        // The token this request carried, read back from the headers Node kept, so an older request's
        // rejection does not throw away a token refreshed since.
        const sent = job.stream?.sentHeaders['authorization'];
        refreshToken(typeof sent === 'string' ? sent : undefined);
        resend(job);
        return;
      }
    }
  }

  // ---- provider token -----------------------------------------------------------------------------------

  function refreshToken(staleAuthorization: string | undefined): void {
    if (tokenKey === undefined || tokenRefreshing) return;
    if (staleAuthorization !== undefined && currentToken !== undefined && staleAuthorization !== currentToken.authorization) return;
    tokenRefreshing = true;
    const staleJwt = staleAuthorization !== undefined && currentToken !== undefined ? currentToken.jwt : '';
    tokens.refresh(tokenKey, staleJwt).then(
      (token) => {
        if (token !== currentToken) stats.tokenRefreshes++;
        currentToken = token;
        tokenRefreshing = false;
        pump();
      },
      (err: unknown) => {
        tokenRefreshing = false;
        failWaiting('InvalidProviderKey', true, err);
      },
    );
  }

  function failWaiting(reason: string, channelWide: boolean, _cause?: unknown): void {
    const waiting = urgent.concat(queue.slice(head).filter((j): j is Job => j !== undefined));
    urgent = [];
    queue = [];
    head = 0;
    for (const job of waiting) {
      if (channelWide) settle(job, { kind: 'failed', token: job.target.token, reason, channelWide: true });
      else settle(job, { kind: 'retry', token: job.target.token, reason, retryAfterMs: retryDelay(1000, undefined) });
    }
  }

  // ---- sessions -----------------------------------------------------------------------------------------

  const sessionEvents = {
    onCapacity(session: ApnsSession): void {
      if (session.limit > stats.grantedStreams) stats.grantedStreams = session.limit;
      pump();
    },
    onClose(session: ApnsSession): void {
      live.delete(session);
      const slot = pool.indexOf(session);
      if (slot >= 0) pool[slot] = undefined;
      if (session.answered > 0) failedSessions = 0;
      else if (!closed) {
        // Never connected, or dropped before answering anything (TLS refused, say). Apple treats rapid
        // reconnects as abuse: back off, and answer the waiting targets instead of letting them hang.
        failedSessions++;
        reconnectAt = Date.now() + Math.min(30_000, 250 * 2 ** Math.min(failedSessions - 1, 7));
        if (!pool.some((s) => s !== undefined && !s.closed)) {
          const err = session.error;
          const code = err !== undefined && 'code' in err ? String(err.code) : session.connected ? 'closed' : 'unreachable';
          failWaiting(`ConnectionError:${code}`, false, err);
        }
      }
      if (!closed) pump();
    },
  };

  function pickSession(): ApnsSession | undefined {
    for (let i = 0; i < sessionCount; i++) {
      const slot = (roundRobin + i) % sessionCount;
      let s = pool[slot];
      if (s === undefined || s.closed || (!s.usable && s.connected)) {
        // Gone, or draining after GOAWAY/Shutdown: put a fresh connection in its slot.
        if (failedSessions > 0 && Date.now() < reconnectAt) continue;
        s = openApnsSession(
          { url, connect, maxStreams: maxInFlight, pingIdleMs: o.pingIdleMs ?? 60_000 },
          sessionEvents,
        );
        stats.sessionsOpened++;
        pool[slot] = s;
        live.add(s);
        continue;
      }
      if (s.usable && s.active < s.limit && s.unflushed < MAX_UNFLUSHED) {
        roundRobin = slot + 1;
        return s;
      }
    }
    return undefined;
  }

  // ---- the pump -----------------------------------------------------------------------------------------

  function onResponse(this: JobStream, headers: IncomingHttpHeaders): void {
    const job = this[kJob]!;
    // Node hands :status over as a number, whatever the header typings say.
    const status = Number(headers[':status']);
    job.status = status;
    const id = headers['apns-id'];
    if (typeof id === 'string') job.responseId = id;
    // Successes carry no body; error bodies are a few bytes of JSON.
    if (status === 200) {
      this.resume();
      return;
    }
    const retryAfter = headers['retry-after'];
    if (typeof retryAfter === 'string') troubleOf(job).retryAfter = retryAfter;
    this.on('data', onData);
  }

  function onData(this: JobStream, chunk: Buffer): void {
    const trouble = troubleOf(this[kJob]!);
    trouble.body = (trouble.body ?? '') + chunk.toString('utf8');
  }

  function onError(this: JobStream, err: Error): void {
    troubleOf(this[kJob]!).error = err;
  }

  function onFinish(this: JobStream): void {
    const job = this[kJob]!;
    job.flushed = true;
    job.session!.unflushed--;
    pump();
  }

  function onClose(this: JobStream): void {
    const job = this[kJob]!;
    const session = job.session!;
    if (!job.flushed) session.unflushed--;
    // The idle PING only looks at sessions without streams: stamping the last close is enough.
    if (--session.active === 0) session.lastUsed = Date.now();
    inFlight--;
    untrack(job);
    finish(job);
    job.stream = undefined;
    pump();
  }

  // ---- request timeouts ---------------------------------------------------------------------------------

  function track(job: Job): void {
    job.tick = tick;
    job.older = newest;
    if (newest !== undefined) newest.newer = job;
    else oldest = job;
    newest = job;
    if (sweepTimer === undefined) {
      sweepTimer = setInterval(sweep, sweepMs);
      sweepTimer.unref();
    }
  }

  function untrack(job: Job): void {
    if (job.tick < 0) return;
    job.tick = -1;
    const older = job.older;
    const newer = job.newer;
    if (older !== undefined) older.newer = newer;
    else oldest = newer;
    if (newer !== undefined) newer.older = older;
    else newest = older;
    job.older = undefined;
    job.newer = undefined;
  }

  function sweep(): void {
    tick++;
    if (oldest === undefined) {
      clearInterval(sweepTimer);
      sweepTimer = undefined;
      return;
    }
    while (oldest !== undefined && tick - oldest.tick > sweepTicks) {
      const job = oldest;
      untrack(job);
      troubleOf(job).timedOut = true;
      job.stream?.close(http2.constants.NGHTTP2_CANCEL);
    }
  }

  function dispatch(session: ApnsSession, job: Job): boolean {
    const headers = job.prepared.headers;
    headers[':path'] = '/3/device/' + job.target.vendorToken;
    if (currentToken !== undefined) headers['authorization'] = currentToken.authorization;
    let stream: JobStream;
    try {
      stream = session.h2.request(headers);
    } catch {
      // The session died between the capacity check and now; the caller retries on another one.
      session.destroy();
      return false;
    }
    job.session = session;
    job.stream = stream;
    job.flushed = false;
    session.unflushed++;
    if (onVendorResponse !== undefined) job.startedAt = performance.now();
    stream[kJob] = job;
    if (++session.active > stats.peakStreams) stats.peakStreams = session.active;
    inFlight++;
    stats.sent++;
    track(job);
    stream.on('response', onResponse);
    stream.on('error', onError);
    stream.on('finish', onFinish);
    stream.on('close', onClose);
    stream.end(job.prepared.body);
    return true;
  }

  function pump(): void {
    if (pumping || closed || tokenRefreshing) return;
    pumping = true;
    try {
      while (inFlight < maxInFlight && (urgent.length > 0 || head < queue.length)) {
        const session = pickSession();
        if (session === undefined) break;
        const job = urgent.length > 0 ? urgent.shift()! : queue[head]!;
        if (!dispatch(session, job)) {
          if (job !== queue[head]) urgent.unshift(job);
          continue;
        }
        if (job === queue[head]) queue[head++] = undefined;
      }
      if (head > 1024 && head * 2 > queue.length) {
        queue = queue.slice(head);
        head = 0;
      }
    } finally {
      pumping = false;
    }
  }

  // ---- the channel --------------------------------------------------------------------------------------

  function prepare(n: ChannelNotification): Prepared | undefined {
    const body = Buffer.from(JSON.stringify(n.payload));
    const pushType = n.pushType ?? inferPushType(n.payload);
    if (body.length > apnsPayloadLimit(pushType)) return undefined;
    const headers: Record<string, string> = {
      ':method': 'POST',
      ':path': '',
      'apns-topic': apnsTopicFor(n.topic ?? credential.bundleId, pushType),
      'apns-push-type': pushType,
    };
    // APNs assigns an apns-id when none is sent and returns it. Not sending one, and keeping each request's
    // unique :path out of the HPACK dynamic table (Apple's guidance), leaves the table to the values that
    // repeat — the provider token above all — instead of evicting them every few dozen requests.
    (headers as Record<string | symbol, unknown>)[http2.sensitiveHeaders] = SENSITIVE;
    const priority = n.priority ?? (pushType === 'background' ? 5 : undefined);
    if (priority !== undefined) headers['apns-priority'] = String(priority);
    if (n.expiration !== undefined) headers['apns-expiration'] = String(n.expiration);
    if (n.collapseId !== undefined) headers['apns-collapse-id'] = n.collapseId;
    if (tokenKey !== undefined) headers['authorization'] = '';
    return { headers, body };
  }

  function answerAll(targets: readonly DeliveryTarget[], make: (token: string) => PushOutcome): PushOutcome[] {
    const out = targets.map((t) => make(t.token));
    for (const outcome of out) stats[outcome.kind]++;
    return out;
  }

  async function send(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (targets.length === 0) return [];
    if (closed) return answerAll(targets, (token) => ({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: 1000 }));
    const waitMs = reconnectAt - Date.now();
    if (failedSessions > 0 && waitMs > 0 && !pool.some((s) => s !== undefined && s.usable)) {
      return answerAll(targets, (token) => ({ kind: 'retry', token, reason: 'ConnectionError:backoff', retryAfterMs: Math.max(waitMs, 1000) }));
    }
    const prepared = prepare(notification);
    if (prepared === undefined) {
      return answerAll(targets, (token) => ({ kind: 'failed', token, reason: 'PayloadTooLarge' }));
    }
    if (tokenKey !== undefined) {
      const cached = tokens.peek(tokenKey);
      if (cached !== undefined) currentToken = cached;
      else {
        try {
          currentToken = await tokens.get(tokenKey);
        } catch {
          return answerAll(targets, (token) => ({ kind: 'failed', token, reason: 'InvalidProviderKey', channelWide: true }));
        }
      }
    }
    return new Promise<PushOutcome[]>((resolve) => {
      const batch: Batch = { outcomes: new Array<PushOutcome>(targets.length), remaining: targets.length, resolve };
      for (let i = 0; i < targets.length; i++) {
        const target = targets[i]!;
        const waiting = queue.length - head + urgent.length;
        const job: Job = {
          batch,
          index: i,
          target,
          prepared,
          resends: 0,
          session: undefined,
          stream: undefined,
          status: 0,
          responseId: undefined,
          flushed: false,
          tick: -1,
          startedAt: 0,
          older: undefined,
          newer: undefined,
          trouble: undefined,
        };
        if (waiting >= maxQueued) {
          stats.dropped++;
          observer?.onLimited?.('apns', 'dropped');
          settle(job, { kind: 'retry', token: target.token, reason: 'ChannelBusy', retryAfterMs: 1000 });
          continue;
        }
        if (inFlight + waiting >= maxInFlight) {
          stats.delayed++;
          observer?.onLimited?.('apns', 'delayed');
        }
        queue.push(job);
      }
      pump();
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    failWaiting('ChannelClosed', false);
    const open = [...live].filter((s) => !s.closed);
    await Promise.all(
      open.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.h2.once('close', () => resolve());
            s.drain();
            // Streams still open after the request timeout will not finish on their own.
            setTimeout(() => s.destroy(), requestTimeoutMs).unref();
            if (!s.connected) s.destroy();
          }),
      ),
    );
  }

  return { id: 'apns', send, close, stats };
}
