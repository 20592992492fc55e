export type OppoEmulatorRegion = 'cn' | 'intl';

export interface OppoEmulatorOptions {
  host?: string;
  /** Milliseconds since the epoch; drives the ±10 min timestamp check, token expiry and `receivedAt`. */
  clock?: () => number;
  /** Which host this instance plays: registration ids of the other region answer 10000. Both when omitted. */
  region?: OppoEmulatorRegion;
  /** auth_token lifetime; 24 h like OPPO. */
  tokenLifetimeMs?: number;
  /** Deliver to registration ids nobody registered instead of answering 10000. */
  acceptUnknownDevices?: boolean;
  /** Keep each message in its device's inbox; false only counts (benchmarks). */
  keepPayloads?: boolean;
}

export interface OppoAppRegistration {
  appKey: string;
  masterSecret: string;
  /** Prefix of message ids ("AppID-1-1-…"); the AppKey when omitted. */
  appId?: string;
  /** Notification channels created for the app; when given, any other `channel_id` answers 41. */
  channelIds?: string[];
}

export interface OppoDeviceRegistration {
  registrationId: string;
  appKey: string;
}

/** One message as a virtual device received it, fully parsed. */
export interface OppoReceivedMessage {
  messageId: string;
  registrationId: string;
  appKey: string;
  endpoint: 'unicast' | 'unicast_batch';
  title: string;
  content: string;
  channelId: string | undefined;
  category: string | undefined;
  notifyLevel: number | undefined;
  clickActionType: number;
  /** `action_parameters` parsed from its JSON string (what the app gets as intent extras). */
  actionParameters: Record<string, unknown> | undefined;
  verifyRegistrationId: boolean;
  /** The `notification` object as sent. */
  notification: Record<string, unknown>;
  receivedAt: number;
}

export interface OppoFault {
  /** Which calls it hits: the auth call, sends, or both (default: sends). */
  endpoint?: 'auth' | 'send' | 'any';
  /** Only sends that name this registration id. */
  registrationId?: string;
  /**
   * `request` (default) answers the whole call; `message` answers only the named registration id's message: its
   * item in a unicast_batch carries the code as `errorCode`, a unicast answers it as the top-level code.
   */
  scope?: 'request' | 'message';
  /** HTTP status; 200 (a JSON return code) by default. */
  status?: number;
  /** OPPO return code; omit with a 5xx status for a bare gateway error. */
  code?: number;
  message?: string;
  retryAfterSeconds?: number;
  times?: number;
}

export interface OppoEmulatorCounters {
  requests: number;
  authRequests: number;
  tokensIssued: number;
  /** Messages put in device inboxes. */
  delivered: number;
  /** Error answers by OPPO code (item errors of a batch included), or `HTTP<status>`. */
  errors: Record<string, number>;
}

export interface OppoEmulator {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  registerApp(app: OppoAppRegistration): void;
  registerDevice(device: OppoDeviceRegistration): void;
  /** The app was uninstalled: later sends answer 10000 for this id. */
  unregisterDevice(registrationId: string): void;
  /** Every auth_token issued so far stops working (as if 24 h had passed). */
  expireTokens(): void;
  inbox(registrationId: string): OppoReceivedMessage[];
  readonly counters: OppoEmulatorCounters;
  injectFault(fault: OppoFault): void;
  setLatency(ms: number): void;
  clearFaults(): void;
  /** Forgets devices, inboxes, tokens, faults, latency and counters; apps stay. */
  reset(): void;
  close(): Promise<void>;
}
