export interface XiaomiEmulatorOptions {
  /** Interface to bind; 127.0.0.1 by default. */
  host?: string;
  /** Milliseconds since the epoch; stamps `receivedAt` and drives time_to_send checks. */
  clock?: () => number;
  /** Deliver to regIds nobody registered (to any package of the app) instead of reporting them bad. */
  acceptUnknownDevices?: boolean;
  /** Keep each message in its device's inbox; false only counts (benchmarks). */
  keepPayloads?: boolean;
}

export interface XiaomiAppRegistration {
  appSecret: string;
  /** Package names of the app (a v3 request may name several, comma-separated). */
  packageNames: string[];
  /** Notification channel ids registered with Xiaomi; when given, any other `extra.channel_id` answers 27001. */
  channelIds?: string[];
}

export interface XiaomiDeviceRegistration {
  regId: string;
  packageName: string;
}

/** One message as a virtual device received it, fully parsed. */
export interface XiaomiReceivedMessage {
  messageId: string;
  regId: string;
  packageName: string;
  passThrough: boolean;
  title: string | undefined;
  description: string | undefined;
  /** `payload` after the URL-decoding the device SDK applies. */
  payload: string | undefined;
  notifyType: number | undefined;
  notifyId: number | undefined;
  timeToLive: number | undefined;
  timeToSend: number | undefined;
  /** `extra.*` fields without the prefix (`channel_id`, `notify_effect`, custom keys…). */
  extra: Record<string, string>;
  /** Every form field as received, `registration_id` excluded. */
  fields: Record<string, string>;
  receivedAt: number;
}

export interface XiaomiFault {
  /** Only requests that name this regId; every request when omitted. */
  regId?: string;
  /** HTTP status; 200 (a JSON business error) by default. */
  status?: number;
  /** Xiaomi result code for the JSON body; omit with a 5xx status for a bare gateway error. */
  code?: number;
  reason?: string;
  /** Sent as `Retry-After`. */
  retryAfterSeconds?: number;
  /** Requests it answers before it is used up; unlimited when omitted. */
  times?: number;
}

export interface XiaomiEmulatorCounters {
  requests: number;
  /** Messages put in device inboxes. */
  delivered: number;
  /** Error answers by Xiaomi code (or `HTTP<status>` for bare gateway faults). */
  errors: Record<string, number>;
  /** RegIds reported in `bad_regids` or with 20301. */
  badRegIds: number;
}

export interface XiaomiEmulator {
  /** `http://127.0.0.1:<port>`: the base URL for the channel. */
  readonly url: string;
  registerApp(app: XiaomiAppRegistration): void;
  /** The secret was reset in Xiaomi's console: requests still carrying it answer 21301. */
  revokeSecret(appSecret: string): void;
  registerDevice(device: XiaomiDeviceRegistration): void;
  /** The app was uninstalled: later pushes report the regId as bad. */
  unregisterDevice(regId: string): void;
  inbox(regId: string): XiaomiReceivedMessage[];
  readonly counters: XiaomiEmulatorCounters;
  injectFault(fault: XiaomiFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  /** Forgets devices, inboxes, faults, latency and counters; apps stay. */
  reset(): void;
  close(): Promise<void>;
}
