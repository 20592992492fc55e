export interface VivoEmulatorOptions {
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Epoch ms; drives token expiry, the ±10 min timestamp window, push hours and quota days. */
  clock?: () => number;
  /** How long an authToken lives. vivo: one day. */
  tokenLifetimeMs?: number;
  /** Auth calls allowed per app per second before 10250. vivo: 10. */
  authCallsPerSecond?: number;
  /** Operation messages one device may receive from one app per Beijing day; the rest are held back. vivo: 5. */
  operationMessagesPerDevicePerDay?: number;
  /** Deliver to regIds nobody registered instead of reporting them invalid (status 1). */
  acceptUnknownDevices?: boolean;
  /** Keep each notification in its device's inbox; false only counts (benchmarks). */
  keepPayloads?: boolean;
}

export interface VivoAppRegistration {
  appId: string;
  appKey: string;
  appSecret: string;
  /** Operation messages the app may send per Beijing day, counted per target (vivo: the SDK subscriber count, at least 10,000). */
  dailyOperationQuota?: number;
  /** System messages per Beijing day, counted per target. */
  dailySystemQuota?: number;
  /** saveListPayload calls per Beijing day. Unlimited when omitted. */
  dailyListPayloadQuota?: number;
}

export interface VivoDeviceRegistration {
  regId: string;
  appId: string;
  /** Set as a test device in vivo's console: receives `pushMode: 1` pushes. */
  testDevice?: boolean;
}

/** What a virtual device received, parsed. */
export interface VivoReceivedNotification {
  taskId: string;
  requestId: string;
  via: 'send' | 'pushToList';
  title: string;
  content: string;
  notifyType: number;
  skipType: number;
  skipContent: string | undefined;
  timeToLive: number;
  /** 0 operation, 1 system: from `category` when sent, else `classification` (default 0). */
  classification: 0 | 1;
  category: string | undefined;
  clientCustomMap: Record<string, string>;
  pushMode: number;
  /** The request body as sent (regId, regIds and the auth header are not kept). */
  body: Record<string, unknown>;
  receivedAt: number;
}

export interface VivoEmulatorCounters {
  requests: number;
  auths: number;
  /** Notifications placed in an inbox. */
  delivered: number;
  /** Operation messages accepted but held back by the per-device daily cap ("计入管控量"). */
  controlled: number;
  /** Non-zero results and HTTP errors answered, by code. */
  results: Record<string, number>;
  /** Requests per path. */
  paths: Record<string, number>;
}

export interface VivoFault {
  /** Only this path ('/message/send', '/message/auth', …); every path when omitted. */
  path?: string;
  /** Only requests that name this regId (single send or pushToList). */
  regId?: string;
  /** Answer with this HTTP status and vivo's plain-text error body. */
  httpStatus?: number;
  /** Or answer HTTP 200 with this `result`. */
  result?: number;
  desc?: string;
  retryAfterSeconds?: number;
  /** Requests it answers before it is used up; unlimited when omitted. */
  times?: number;
}

export interface VivoEmulator {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly counters: VivoEmulatorCounters;
  registerApp(app: VivoAppRegistration): void;
  registerDevice(d: VivoDeviceRegistration): void;
  /** Later pushes report the regId in `invalidUser(s)` with this status: 2 uninstalled or notifications off (default), 3 inactive 90 days. */
  unregisterDevice(regId: string, status?: 2 | 3): void;
  inbox(regId: string): VivoReceivedNotification[];
  /** Forgets every authToken issued (to this app only, when given): the next send gets 10000. */
  revokeTokens(appId?: string): void;
  injectFault(f: VivoFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  /** Forgets devices, inboxes, tokens, quotas used, faults, latency and counters; apps stay. */
  reset(): void;
  close(): Promise<void>;
}
