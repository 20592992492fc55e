/** IM apps of the management API (`/api/im/apps`, see docs/im-rest-api.md "Managing IM apps"). */
import type { ApiClient } from './http-client.ts';

export interface ImAppView {
  sdkAppId: number;
  name: string;
  admins: string[];
  autoCreateUsers: boolean;
  createdAt: number;
  updatedAt: number;
  /** Only when revealed (`?reveal=1`) or right after a rotation. */
  secretKey?: string;
}

export interface CreateImAppInput {
  name: string;
  sdkAppId?: number;
  admins?: string[];
  autoCreateUsers?: boolean;
}

export interface UserSigResult {
  sdkAppId: number;
  userId: string;
  userSig: string;
  expireSeconds: number;
  expiresAt: number;
}

export const PUSH_CHANNELS = ['apns', 'fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];
export type ApnsEnvironment = 'dev' | 'product';

export interface PushCertificateView {
  businessID: number;
  sdkAppId: number;
  accessId: number;
  channel: string;
  environment: ApnsEnvironment | null;
  voip: boolean;
  name: string;
  createdAt: number;
  /** The credential the certificate names; null once it was deleted from the push app. */
  credential: { kind: string; status: string; reason?: string } | null;
}

export interface AddCertificateInput {
  accessId: number;
  channel: PushChannel;
  environment?: ApnsEnvironment;
  voip?: boolean;
  name?: string;
}

export interface DirectoryQuery {
  prefix?: string;
  offset: number;
  limit: number;
}

export interface ImDeviceStateView {
  deviceId: string;
  platform: string;
  /** Tencent's names: Online, Background, PushOnline, Offline. */
  state: string;
  stateChangedAt: number;
  lastSeenAt: number;
}

export interface ImUserView {
  userId: string;
  nickname: string;
  createdAt: number;
  devices: ImDeviceStateView[];
}

export interface ImGroupView {
  groupId: string;
  type: string;
  name: string;
  owner: string | null;
  memberCount: number;
  maxMembers: number;
  createdAt: number;
  lastMessageAt: number;
}

export interface DirectoryPage<T> {
  sdkAppId: number;
  total: number;
  prefix: string;
  offset: number;
  limit: number;
  users?: T[];
  groups?: T[];
}

export interface ReportedPushConfig {
  businessID: number;
  isTPNSToken: boolean;
  token: string;
  channel: string;
  environment: string | null;
  voip: boolean;
  accessId: number;
  reportedAt: number;
  status: 'active' | 'invalid';
  invalidReason?: string;
  invalidAt?: number;
  certificate?: { state: 'active' | 'deleted'; name: string; credential: PushCertificateView['credential'] };
  pushDevice?: { status: string; channel: string; environment: string; accountBound: boolean } | null;
  problems: string[];
}

export interface UserDevicePushView {
  deviceId: string;
  platform: string;
  /** The stored state: online, background, push_online, offline. */
  state: string;
  stateChangedAt: number;
  pushConfig: ReportedPushConfig | null;
}

const app = (sdkAppId: number) => `/api/im/apps/${sdkAppId}`;
const user = (sdkAppId: number, userId: string) => `${app(sdkAppId)}/users/${encodeURIComponent(userId)}`;

function pageQuery(q: DirectoryQuery) {
  return { offset: q.offset, limit: q.limit, ...(q.prefix === undefined || q.prefix === '' ? {} : { prefix: q.prefix }) };
}

export function imApi(client: ApiClient) {
  return {
    list: async (): Promise<ImAppView[]> => (await client.request<{ apps: ImAppView[] }>('GET', '/api/im/apps')).apps,
    get: (sdkAppId: number) => client.request<ImAppView>('GET', app(sdkAppId)),
    create: (input: CreateImAppInput) => client.request<ImAppView>('POST', '/api/im/apps', { body: input }),
    revealKey: (sdkAppId: number) => client.request<ImAppView>('GET', app(sdkAppId), { query: { reveal: 1 } }),
    rotateKey: (sdkAppId: number) => client.request<ImAppView>('POST', `${app(sdkAppId)}/rotate`),
    userSig: (sdkAppId: number, userId: string, expireSeconds: number) =>
      client.request<UserSigResult>('POST', `${app(sdkAppId)}/usersig`, { body: { userId, expireSeconds } }),
    certificates: async (sdkAppId: number): Promise<PushCertificateView[]> =>
      (await client.request<{ certificates: PushCertificateView[] }>('GET', `${app(sdkAppId)}/push-certificates`)).certificates,
    addCertificate: (sdkAppId: number, input: AddCertificateInput) => client.request<PushCertificateView>('POST', `${app(sdkAppId)}/push-certificates`, { body: input }),
    deleteCertificate: (sdkAppId: number, businessID: number) => client.request<void>('DELETE', `${app(sdkAppId)}/push-certificates/${businessID}`),
    users: (sdkAppId: number, q: DirectoryQuery) => client.request<DirectoryPage<ImUserView>>('GET', `${app(sdkAppId)}/users`, { query: pageQuery(q) }),
    groups: (sdkAppId: number, q: DirectoryQuery) => client.request<DirectoryPage<ImGroupView>>('GET', `${app(sdkAppId)}/groups`, { query: pageQuery(q) }),
    pushConfig: async (sdkAppId: number, userId: string): Promise<UserDevicePushView[]> =>
      (await client.request<{ devices: UserDevicePushView[] }>('GET', `${user(sdkAppId, userId)}/push-config`)).devices,
  };
}

export type ImApi = ReturnType<typeof imApi>;
