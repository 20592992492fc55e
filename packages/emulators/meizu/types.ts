export interface MeizuEmulatorOptions {
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Epoch ms; drives folding windows, statistics days and `receivedAt`. */
  clock?: () => number;
  /** Messages one device may get from one app within a minute before the rest are folded (520). Meizu: 5. */
  foldAfterPerMinute?: number;
  /** Push calls allowed per app per second before 110010; unlimited when omitted. */
  requestsPerSecond?: number;
  /** Deliver to pushIds nobody registered instead of answering 110003. */
  acceptUnknownDevices?: boolean;
  /** Keep each notification in its device's inbox; false only counts (benchmarks). */
  keepPayloads?: boolean;
}

export interface MeizuAppRegistration {
  appId: string;
  appSecret: string;
  appKey?: string;
}

export interface MeizuDeviceRegistration {
  pushId: string;
  appId: string;
}

/** What a virtual device received, parsed from `messageJson`. */
export interface MeizuReceivedNotification {
  msgId: string;
  title: string;
  content: string;
  noticeBarType: number;
  noticeExpandType: number;
  noticeExpandContent: string | undefined;
  /** 0 open the app, 1 an activity, 2 a URI, 3 custom. */
  clickType: number;
  activity: string | undefined;
  url: string | undefined;
  customAttribute: string | undefined;
  parameters: Record<string, unknown>;
  offLine: 0 | 1;
  /** Hours. */
  validTime: number;
  notifyKey: string | undefined;
  suspend: number;
  clearNoticeBar: number;
  notificationType: { vibrate: number; lights: number; sound: number };
  /** `messageJson` as sent, parsed. */
  message: Record<string, unknown>;
  receivedAt: number;
}

export interface MeizuEmulatorCounters {
  requests: number;
  /** Notifications placed in an inbox. */
  delivered: number;
  /** Messages folded (520) because a device got too many within a minute. */
  folded: number;
  /** Non-200 codes, per-pushId codes and HTTP errors answered, by code. */
  codes: Record<string, number>;
  /** Requests per path. */
  paths: Record<string, number>;
}

export interface MeizuFault {
  /** Only this path; every path when omitted. */
  path?: string;
  /** Only requests that name this pushId. */
  pushId?: string;
  /** Answer with this HTTP status and a plain-text body. */
  httpStatus?: number;
  /** Or answer HTTP 200 with this return `code` for the whole request… */
  code?: string;
  message?: string;
  /** …or accept the request but report `pushId` under this code in `value` (501, 513, 518, 519, …). */
  valueCode?: string;
  retryAfterSeconds?: number;
  /** Requests it answers before it is used up; unlimited when omitted. */
  times?: number;
}

export interface MeizuEmulator {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly counters: MeizuEmulatorCounters;
  registerApp(app: MeizuAppRegistration): void;
  registerDevice(d: MeizuDeviceRegistration): void;
  /** Later pushes report the pushId under 110002 (unsubscribed, or notifications turned off). */
  unregisterDevice(pushId: string): void;
  inbox(pushId: string): MeizuReceivedNotification[];
  injectFault(f: MeizuFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  /** Forgets devices, inboxes, faults, latency, rate windows and counters; apps stay. */
  reset(): void;
  close(): Promise<void>;
}
