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
 * - Limit: at most `maxInFlight` targets hold a request slot; the excess waits in order (counted `delayed`), up to
 *   `maxQueued`, beyond which targets are answered `retry` at once (counted `dropped`); both reach the observer.
 *
 * Hot path (a benchmark holds it to a bare HTTP v1 client): per target one small job and its outcome, no promise
 * and no closure. The message is serialised once per notification and each body is that text around the token;
 * one request-options object and one header object serve every request (Node copies headers inside `request()`);
 * the access token is read synchronously from the cache; request and response listeners are shared functions
 * that find their job through a symbol; timeouts are one channel-wide sweep (fcm-timeout-sweep.ts); response
 * headers are read only on errors, and a 200 body is scanned for the message name rather than parsed.
 */
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';
import type { ChannelNotification, ChannelObserver, DeliveryTarget, PushChannel, PushOutcome } from '../types.ts';
import { createRetryDelays, parseRetryAfter } from '../shared/index.ts';
import { createFcmAccessTokens, FcmAuthError, type FcmAccessTokens } from './fcm-access-token.ts';
import type { FcmCredential } from './fcm-credentials.ts';
import { fcmErrorVerdict, readFcmError } from './fcm-errors.ts';
import { Fifo } from './fcm-fifo.ts';
import { createFcmHttp, HttpTimeoutError, MAX_REPLY_BYTES, type FcmHttp } from './fcm-http.ts';
import { FCM_MAX_TTL_SECONDS } from './fcm-limits.ts';
import { messageIdOf } from './fcm-reply.ts';
import { createTimeoutSweep, type Sweepable } from './fcm-timeout-sweep.ts';

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

/**
 * One `send` call. Its targets that waited for a slot are one run of indexes, [nextWaiting, endWaiting): a batch
 * is admitted in one go, so it is some targets sent at once, then some waiting, then some dropped. The wait line
 * holds batches, not targets, and a waiting target costs nothing until it gets its slot. `targets` is read as its
 * targets get their slots: the caller hands it over read-only until the outcomes come back.
 */
interface Batch {
  targets: readonly DeliveryTarget[];
  prepared: Prepared;
  outcomes: PushOutcome[];
  remaining: number;
  resolve: (outcomes: PushOutcome[]) => void;
  nextWaiting: number;
  endWaiting: number;
}

/** A target holding a request slot. Made when it gets the slot, so it lives about one round trip. */
interface Job extends Sweepable<Job> {
  batch: Batch;
  index: number;
  /** The request body; kept for a resend on a fresh connection. */
  body: string;
  /** The access token the request carried: a 401 drops this one, not a newer one. */
  accessToken: string;
  request: JobRequest | undefined;
  /** 0 until the response head arrives. */
  status: number;
  /** The response body, read up to MAX_REPLY_BYTES. */
  reply: Buffer | undefined;
  retryAfter: string | undefined;
  /** performance.now() at dispatch, only when an observer wants latencies. */
  startedAt: number;
  /** Answered or timed out: later events of its request are ignored. */
  done: boolean;
  /** Sent once more after its reused keep-alive connection turned out closed. */
  staleResent: boolean;
  /** Resent once after a 401 with a fresh access token. */
  tokenRefreshed: boolean;
}

type JobRequest = ClientRequest & { [kJob]?: Job };
type JobResponse = IncomingMessage & { [kJob]?: Job };

const kJob = Symbol('fcmJob');

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function errorCode(e: unknown): string {
  return e !== null && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : 'Error';
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** node:http options for every send: the URL taken apart once, not per request. */
function sendOptions(url: URL, agent: http.Agent, headers: Record<string, string | number>): RequestOptions {
  const parts = urlToHttpOptions(url);
  const options: RequestOptions = { protocol: parts.protocol, hostname: parts.hostname, port: parts.port, path: parts.path, method: 'POST', agent, headers };
  if (parts.auth !== undefined) options.auth = parts.auth;
  return options;
}

export function createFcmChannel(o: FcmChannelOptions): FcmChannel {
  const credential = o.credential;
  const clock = o.clock ?? Date.now;
  const random = o.random ?? Math.random;
  const observer = o.observer;
  const onVendorResponse = observer?.onVendorResponse?.bind(observer);
  const maxInFlight = Math.max(1, o.maxInFlight ?? 256);
  const maxQueued = Math.max(0, o.maxQueued ?? 1_000_000);
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  const credentialRecheckMs = o.credentialRecheckMs ?? 60_000;
  const base = (o.baseUrl ?? FCM_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const sendUrl = new URL(`${base}/v1/projects/${credential.projectId}/messages:send`);
  const vendorHttp: FcmHttp = createFcmHttp({ maxSockets: o.maxSockets ?? maxInFlight, ...(o.ca !== undefined ? { ca: o.ca } : {}) });
  const tokens = o.tokens ?? createFcmAccessTokens(credential, { http: vendorHttp, clock, ...(o.tokenUrl !== undefined ? { tokenUrl: o.tokenUrl } : {}) });
  const delays = createRetryDelays({ maxDelayMs: o.maxRetryDelayMs ?? 300_000, clock });
  const transport = sendUrl.protocol === 'https:' ? https : http;
  const headers: Record<string, string | number> = { authorization: '', 'content-type': 'application/json; charset=UTF-8', 'content-length': 0 };
  const requestOptions = sendOptions(sendUrl, vendorHttp.agentFor(sendUrl), headers);
  // The access token `headers.authorization` carries now.
  let headerToken: string | undefined;
  const sweep = createTimeoutSweep<Job>(requestTimeoutMs, onTimeout);

  // Targets holding a request slot (at most maxInFlight): on the wire, or in `ready` waiting for a token.
  let held = 0;
  let delayed = 0;
  let dropped = 0;
  const ready = new Fifo<Job>();
  // Batches with targets waiting for a slot, and how many targets that is.
  const waiting = new Fifo<Batch>();
  let waitingCount = 0;
  let pumping = false;
  let refreshing = false;
  let closed = false;
  // Set while the token endpoint is known to refuse the credential or to be down.
  let authBlock: { until: number; outcome: 'failed' | 'retry'; reason: string } | undefined;
  const active = new Set<Promise<unknown>>();

  const stats: FcmChannelStats = {
    sent: 0,
    delivered: 0,
    rejected: 0,
    retry: 0,
    failed: 0,
    resent: 0,
    get delayed() {
      return delayed;
    },
    get dropped() {
      return dropped;
    },
    get inFlight() {
      return held;
    },
    get queued() {
      return waitingCount;
    },
    get tokenFetches() {
      return tokens.fetches;
    },
    get socketsOpened() {
      return vendorHttp.socketsOpened;
    },
  };

  // ---- outcomes -----------------------------------------------------------------------------------------

  function retryDelay(baseMs: number, retryAfter: string | undefined): number {
    const delay = delays.next(baseMs, retryAfter);
    if (parseRetryAfter(retryAfter, clock()) !== undefined) return delay;
    return delay + Math.floor(random() * delay * 0.1);
  }

  function store(batch: Batch, index: number, outcome: PushOutcome): void {
    stats[outcome.kind]++;
    batch.outcomes[index] = outcome;
    if (--batch.remaining === 0) batch.resolve(batch.outcomes);
  }

  function newJob(batch: Batch, index: number): Job {
    return {
      batch,
      index,
      body: '',
      accessToken: '',
      request: undefined,
      status: 0,
      reply: undefined,
      retryAfter: undefined,
      startedAt: 0,
      done: false,
      staleResent: false,
      tokenRefreshed: false,
      sweepTick: -1,
      older: undefined,
      newer: undefined,
    };
  }

  /** The job's outcome; its slot goes to the first waiting target. The caller pumps. */
  function complete(job: Job, outcome: PushOutcome): void {
    store(job.batch, job.index, outcome);
    held--;
    const batch = waiting.peek();
    if (batch !== undefined) {
      const index = batch.nextWaiting++;
      if (batch.nextWaiting === batch.endWaiting) waiting.shift();
      waitingCount--;
      held++;
      ready.push(newJob(batch, index));
    }
  }

  function report(status: number | 'error', reason: string | undefined, job: Job): void {
    if (onVendorResponse !== undefined) onVendorResponse('fcm', status, reason, (performance.now() - job.startedAt) / 1000);
  }

  function answerAll(targets: readonly DeliveryTarget[], make: (token: string) => PushOutcome): PushOutcome[] {
    const out = targets.map((t) => make(t.token));
    for (const outcome of out) stats[outcome.kind]++;
    return out;
  }

  // ---- access token -------------------------------------------------------------------------------------

  /** The outcome for a target while the token endpoint is blocked, else undefined. */
  function blockedOutcome(token: string): PushOutcome | undefined {
    if (authBlock === undefined) return undefined;
    const now = clock();
    if (now >= authBlock.until) {
      authBlock = undefined;
      return undefined;
    }
    return authBlock.outcome === 'failed'
      ? { kind: 'failed', token, reason: authBlock.reason, channelWide: true }
      : { kind: 'retry', token, reason: authBlock.reason, retryAfterMs: authBlock.until - now };
  }

  /** Fetches a token in the background; the pump resumes when it arrives or blocks when the endpoint refused. */
  function refresh(): void {
    if (refreshing) return;
    refreshing = true;
    tokens.get().then(
      (token) => {
        refreshing = false;
        pump(token);
      },
      (e: unknown) => {
        refreshing = false;
        const err = e instanceof FcmAuthError ? e : new FcmAuthError('unavailable', `TokenError:${errorCode(e)}`, String(e));
        authBlock =
          err.kind === 'rejected'
            ? { until: clock() + credentialRecheckMs, outcome: 'failed', reason: err.reason }
            : { until: clock() + retryDelay(1000, err.retryAfter), outcome: 'retry', reason: err.reason };
        pump();
      },
    );
  }

  // ---- requests -----------------------------------------------------------------------------------------

  /** Sends the ready targets while there is a token; `fetched` is the token a refresh just returned. */
  function pump(fetched?: string): void {
    if (pumping) return;
    pumping = true;
    try {
      for (let job = ready.shift(); job !== undefined; job = ready.shift()) {
        if (closed) {
          complete(job, { kind: 'retry', token: job.batch.targets[job.index]!.token, reason: 'ChannelClosed', retryAfterMs: 1000 });
          continue;
        }
        const blocked = blockedOutcome(job.batch.targets[job.index]!.token);
        if (blocked !== undefined) {
          complete(job, blocked);
          continue;
        }
        const token = tokens.peek() ?? fetched;
        if (token === undefined) {
          // Back at the head of the line (nothing else ran since it left), until the token arrives.
          ready.unshift(job);
          refresh();
          return;
        }
        dispatch(job, token);
      }
    } finally {
      pumping = false;
    }
  }

  function dispatch(job: Job, token: string): void {
    job.accessToken = token;
    const prepared = job.batch.prepared;
    job.body = prepared.head + JSON.stringify(job.batch.targets[job.index]!.vendorToken) + prepared.tail;
    job.status = 0;
    job.reply = undefined;
    job.retryAfter = undefined;
    job.staleResent = false;
    if (onVendorResponse !== undefined) job.startedAt = performance.now();
    stats.sent++;
    write(job);
  }

  function write(job: Job): void {
    if (job.accessToken !== headerToken) {
      headerToken = job.accessToken;
      headers['authorization'] = `Bearer ${headerToken}`;
    }
    headers['content-length'] = Buffer.byteLength(job.body);
    sweep.track(job);
    let req: JobRequest;
    try {
      req = transport.request(requestOptions);
    } catch (e) {
      // An access token Node refuses as a header value, say: nothing was sent.
      transportFailed(job, `NetworkError:${errorCode(e)}`);
      return;
    }
    req[kJob] = job;
    job.request = req;
    req.on('response', onResponse);
    req.on('error', onRequestError);
    req.end(job.body);
  }

  /** Takes the job out of flight once; false when it was already answered. */
  function land(job: Job): boolean {
    if (job.done) return false;
    job.done = true;
    sweep.untrack(job);
    job.request = undefined;
    return true;
  }

  function transportFailed(job: Job, reason: string): void {
    if (!land(job)) return;
    report('error', reason, job);
    complete(job, { kind: 'retry', token: job.batch.targets[job.index]!.token, reason, retryAfterMs: retryDelay(1000, undefined) });
    pump();
  }

  function onTimeout(job: Job): void {
    const req = job.request;
    transportFailed(job, 'Timeout');
    req?.destroy(new HttpTimeoutError(`No answer within ${requestTimeoutMs} ms`));
  }

  function onRequestError(this: JobRequest, err: NodeJS.ErrnoException): void {
    const job = this[kJob]!;
    if (job.done || job.request !== this) return;
    // The server closed an idle keep-alive connection as this request went out on it: nothing reached the
    // server, so sending once more on a fresh connection is safe (Node's advice for `reusedSocket`).
    if (!job.staleResent && job.status === 0 && this.reusedSocket && err.code === 'ECONNRESET') {
      job.staleResent = true;
      sweep.untrack(job);
      write(job);
      return;
    }
    transportFailed(job, err.code === 'ETIMEDOUT' ? 'Timeout' : `NetworkError:${err.code ?? 'Error'}`);
  }

  function onResponse(this: JobRequest, res: JobResponse): void {
    const job = this[kJob]!;
    if (job.done) {
      res.resume();
      return;
    }
    job.status = res.statusCode ?? 0;
    // Response headers are built on first access: a success never needs them.
    if (job.status !== 200) job.retryAfter = headerValue(res.headers['retry-after']);
    res[kJob] = job;
    res.on('data', onData);
    res.on('close', onResponseClose);
  }

  function onData(this: JobResponse, chunk: Buffer): void {
    const job = this[kJob]!;
    const reply = job.reply;
    if (reply === undefined) job.reply = chunk;
    else if (reply.length < MAX_REPLY_BYTES) job.reply = Buffer.concat([reply, chunk]);
  }

  /**
   * A response closes after its last byte, or when its connection went away in the middle of it (then without a
   * request error): `complete` tells which.
   */
  function onResponseClose(this: JobResponse): void {
    const job = this[kJob]!;
    if (!this.complete) {
      transportFailed(job, 'NetworkError:ECONNRESET');
      return;
    }
    if (!land(job)) return;
    answer(job);
    pump();
  }

  function answer(job: Job): void {
    const token = job.batch.targets[job.index]!.token;
    const status = job.status;
    const body = job.reply === undefined ? '' : job.reply.toString('utf8', 0, Math.min(job.reply.length, MAX_REPLY_BYTES));
    if (status === 200) {
      report(200, undefined, job);
      delays.succeeded();
      const vendorId = messageIdOf(body);
      complete(job, vendorId === undefined ? { kind: 'delivered', token } : { kind: 'delivered', token, vendorId });
      return;
    }
    const verdict = fcmErrorVerdict(readFcmError(status, body));
    report(status, verdict.reason, job);
    switch (verdict.action) {
      case 'reject':
        complete(job, { kind: 'rejected', token, reason: verdict.reason });
        return;
      case 'fail':
        complete(job, { kind: 'failed', token, reason: verdict.reason });
        return;
      case 'fail-channel':
        complete(job, { kind: 'failed', token, reason: verdict.reason, channelWide: true });
        return;
      case 'retry':
        complete(job, { kind: 'retry', token, reason: verdict.reason, retryAfterMs: retryDelay(verdict.baseDelayMs ?? 1000, job.retryAfter) });
        return;
      case 'refresh-token':
        // A token that FCM refuses straight after it was issued: the credential itself is the problem.
        if (job.tokenRefreshed) {
          complete(job, { kind: 'failed', token, reason: verdict.reason, channelWide: true });
          return;
        }
        job.tokenRefreshed = true;
        tokens.invalidate(job.accessToken);
        stats.resent++;
        // It keeps its slot; the pump sends it again with the next token (or answers ChannelClosed).
        job.done = false;
        ready.push(job);
        return;
    }
  }

  // ---- the channel --------------------------------------------------------------------------------------

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

  /** Gives each target a slot, a place in the wait line, or ChannelBusy, in order. */
  function admit(batch: Batch): void {
    const targets = batch.targets;
    let i = 0;
    for (; i < targets.length && held < maxInFlight; i++) {
      held++;
      ready.push(newJob(batch, i));
    }
    batch.nextWaiting = i;
    for (; i < targets.length && waitingCount < maxQueued; i++) {
      waitingCount++;
      delayed++;
      observer?.onLimited?.('fcm', 'delayed');
    }
    batch.endWaiting = i;
    if (batch.endWaiting > batch.nextWaiting) waiting.push(batch);
    for (; i < targets.length; i++) {
      dropped++;
      observer?.onLimited?.('fcm', 'dropped');
      store(batch, i, { kind: 'retry', token: targets[i]!.token, reason: 'ChannelBusy', retryAfterMs: retryDelay(1000, undefined) });
    }
  }

  function sendAll(notification: ChannelNotification, targets: readonly DeliveryTarget[]): Promise<PushOutcome[]> {
    if (targets.length === 0) return Promise.resolve([]);
    if (closed) return Promise.resolve(answerAll(targets, (token) => ({ kind: 'retry', token, reason: 'ChannelClosed', retryAfterMs: 1000 })));
    const prepared = prepare(notification);
    if (prepared === undefined) return Promise.resolve(answerAll(targets, (token) => ({ kind: 'failed', token, reason: 'Expired' })));
    return new Promise<PushOutcome[]>((resolve) => {
      admit({ targets, prepared, outcomes: new Array<PushOutcome>(targets.length), remaining: targets.length, resolve, nextWaiting: 0, endWaiting: 0 });
      pump();
    });
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
      // Targets not yet sent are answered ChannelClosed; those in flight finish or time out.
      for (let batch = waiting.shift(); batch !== undefined; batch = waiting.shift()) {
        for (let i = batch.nextWaiting; i < batch.endWaiting; i++) {
          store(batch, i, { kind: 'retry', token: batch.targets[i]!.token, reason: 'ChannelClosed', retryAfterMs: 1000 });
        }
      }
      waitingCount = 0;
      pump();
      await Promise.allSettled([...active]);
      sweep.stop();
      vendorHttp.close();
    },
  };
}
