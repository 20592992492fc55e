/**
 * One long-lived HTTP/2 connection to APNs, with the bookkeeping the channel needs to never open more
 * streams than the server grants: `limit` follows the peer's SETTINGS_MAX_CONCURRENT_STREAMS (and every
 * update of it), and starts at 1 because token connections get one stream until a request is authorised
 * (vendor-push-protocols.md §1.8). The channel counts `active` streams itself.
 */
import http2, { type ClientHttp2Session, type SecureClientSessionOptions } from 'node:http2';

export interface ApnsSessionEvents {
  /** The session can take streams now, or can take more. */
  onCapacity(session: ApnsSession): void;
  /** The session is gone (closed, destroyed or never connected). */
  onClose(session: ApnsSession): void;
}

export interface ApnsSessionOptions {
  url: string;
  connect: SecureClientSessionOptions;
  /** Our own ceiling on streams per session, whatever the peer allows. */
  maxStreams: number;
  /** Send a PING after this long without traffic; a failed PING drops the session. */
  pingIdleMs: number;
}

export interface ApnsSession {
  readonly h2: ClientHttp2Session;
  /** Streams this client has open on the session (maintained by the channel). */
  active: number;
  /** Streams whose request body nghttp2 has not fully taken yet (maintained by the channel). */
  unflushed: number;
  /** Responses (any status) received on this session: zero at close means it never worked. */
  answered: number;
  /** Streams the peer currently allows, capped by `maxStreams`. */
  limit: number;
  /** Time (Date.now) the session last went quiet (opened, last stream closed, PING sent), for the idle PING. */
  lastUsed: number;
  readonly connected: boolean;
  /** Connected, no GOAWAY seen, not closed: new streams may go here. */
  readonly usable: boolean;
  readonly closed: boolean;
  /** The JSON `reason` of the GOAWAY the server sent, if any. */
  readonly goawayReason: string | undefined;
  /** Set once a GOAWAY has arrived: streams above `goawayLastStreamId` were never processed. */
  readonly goawayLastStreamId: number | undefined;
  readonly error: Error | undefined;
  /** Stop taking new streams and close once the open ones finish. */
  drain(): void;
  destroy(): void;
}

function reasonFromOpaqueData(data: Buffer | undefined): string | undefined {
  if (data === undefined || data.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(data.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { reason?: unknown }).reason === 'string') {
      return (parsed as { reason: string }).reason;
    }
  } catch {
    // APNs sends JSON; anything else is kept as text.
  }
  return data.toString('utf8').slice(0, 200);
}

export function openApnsSession(o: ApnsSessionOptions, events: ApnsSessionEvents): ApnsSession {
  let connected = false;
  let draining = false;
  let closed = false;
  let goawayReason: string | undefined;
  let goawayLastStreamId: number | undefined;
  let error: Error | undefined;
  let pingTimer: NodeJS.Timeout | undefined;

  const h2 = http2.connect(o.url, o.connect);

  const session: ApnsSession = {
    h2,
    active: 0,
    unflushed: 0,
    answered: 0,
    limit: 1,
    lastUsed: Date.now(),
    get connected() {
      return connected;
    },
    get usable() {
      return connected && !draining && !closed;
    },
    get closed() {
      return closed;
    },
    get goawayReason() {
      return goawayReason;
    },
    get goawayLastStreamId() {
      return goawayLastStreamId;
    },
    get error() {
      return error;
    },
    drain() {
      if (draining || closed) return;
      draining = true;
      h2.close();
    },
    destroy() {
      draining = true;
      h2.destroy();
    },
  };

  h2.on('connect', () => {
    connected = true;
    if (o.pingIdleMs > 0) {
      pingTimer = setInterval(() => {
        if (!session.usable || session.active > 0 || Date.now() - session.lastUsed < o.pingIdleMs) return;
        session.lastUsed = Date.now();
        h2.ping((err) => {
          if (err !== null) h2.destroy();
        });
      }, o.pingIdleMs);
      pingTimer.unref();
    }
    events.onCapacity(session);
  });
  h2.on('remoteSettings', (settings) => {
    const granted = settings.maxConcurrentStreams ?? o.maxStreams;
    session.limit = Math.max(0, Math.min(granted, o.maxStreams));
    events.onCapacity(session);
  });
  h2.on('goaway', (_code: number, lastStreamID: number, opaqueData?: Buffer) => {
    draining = true;
    goawayLastStreamId = lastStreamID;
    goawayReason = reasonFromOpaqueData(opaqueData);
  });
  h2.on('error', (err: Error) => {
    error = err;
  });
  h2.on('close', () => {
    closed = true;
    draining = true;
    if (pingTimer !== undefined) clearInterval(pingTimer);
    events.onClose(session);
  });
  return session;
}
