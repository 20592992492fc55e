/**
 * The toolbox's lookups (docs/management-api.md "Toolbox lookups") and the IM offline push self-check
 * (docs/offline-push.md "Offline push self-check").
 */
import type { ApiClient } from './http-client.ts';
import type { PushCertificateView } from './im-api.ts';

export interface LookupPush {
  pushId: string;
  planId: string;
  audienceType: string;
  messageType: string;
  title: string;
  taskStatus: string;
  createdAt: number;
  /** delivered, rejected, failed or expired. */
  outcome: string;
  reason?: string;
  channel: string;
  answeredAt: number;
  arrived: boolean;
  clicked: boolean;
}

export interface LookupDevice {
  token: string;
  platform: string;
  channel: string;
  /** Shortened by the server. */
  vendorToken: string;
  environment: string;
  status: string;
  invalidReason?: string;
  appVersion: string;
  sdkVersion: string;
  systemVersion: string;
  deviceBrand: string;
  deviceModel: string;
  locale: string;
  timeZone: string;
  badge: number;
  createdAt: number;
  lastActiveAt: number;
  tags: Array<{ tag: string; tagType: string }>;
  accounts: Array<{ account: string; accountType: number; boundAt: number }>;
  recentPushes: LookupPush[];
}

export interface DeviceLookup {
  accessId: number;
  account?: string;
  pushWindow: number;
  devices: LookupDevice[];
}

export interface SelfCheckProblem {
  code: string;
  blocking: boolean;
  deviceId?: string;
  message: string;
}

export interface SelfCheckDevice {
  deviceId: string;
  platform: string;
  /** Online, Background, PushOnline or Offline. */
  state: string;
  loggedInAt: number;
  stateChangedAt: number;
  lastSeenAt: number;
  pushConfig: {
    mode: 'tpns' | 'native';
    businessID: number;
    token: string;
    channel: string;
    environment: 'dev' | 'product' | null;
    voip: boolean;
    reportedAt: number;
    status: 'active' | 'invalid';
    invalidReason?: string;
    invalidAt?: number;
    certificate?: { businessID: number; name: string; accessId: number; channel: string; environment: string | null; voip: boolean; state: 'active' | 'deleted' } | null;
    pushApp: { accessId: number; exists: boolean; platform?: string; bundleId?: string; authorized: boolean; serviceMode?: string };
    credential: { channel: string; environment: string; exists: boolean; kind?: string; status?: string; reason?: string; notAfter?: string };
    pushDevice: { exists: boolean; status?: string; invalidReason?: string; channel?: string; environment?: string; vendorTokenPresent?: boolean; accountBound?: boolean };
  } | null;
}

export interface SelfCheckOutcomeDevice {
  deviceId: string;
  pushed: boolean;
  reason: string;
  explanation: string;
  pushId?: string;
  task?: { accessId: number; status: string; createdAt: number; finishedAt?: number } | null;
  delivery?: { outcome: string; reason?: string; channel: string; at: number } | null;
}

export interface SelfCheck {
  sdkAppId: number;
  userId: string;
  user: { userId: string; nickname: string; createdAt: number };
  imApp: { sdkAppId: number; name: string };
  pushApps: Array<{ accessId: number; productId: number; productName: string; platform: string; bundleId: string; serviceMode: string; planId: string }>;
  certificates: PushCertificateView[];
  devices: SelfCheckDevice[];
  lastOutcome: {
    kind: 'c2c' | 'group' | 'call';
    fromUser: string;
    conversation: string;
    messageRef: string;
    decidedAt: number;
    summary: string;
    devices: SelfCheckOutcomeDevice[];
  } | null;
  problems: SelfCheckProblem[];
  checkedAt: number;
}

export function toolboxApi(client: ApiClient) {
  return {
    token: (accessId: number, token: string) => client.request<DeviceLookup>('GET', `/api/apps/${accessId}/devices/${encodeURIComponent(token)}`),
    account: (accessId: number, account: string) => client.request<DeviceLookup>('GET', `/api/apps/${accessId}/accounts/${encodeURIComponent(account)}`),
    selfCheck: (sdkAppId: number, userId: string) =>
      client.request<SelfCheck>('GET', `/api/im/apps/${sdkAppId}/users/${encodeURIComponent(userId)}/offline-push-check`),
  };
}

export type ToolboxApi = ReturnType<typeof toolboxApi>;
