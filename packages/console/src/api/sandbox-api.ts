/**
 * Sandbox mode: the node runs every vendor's loopback emulator in-process, and these routes are
 * the "vendor developer consoles" (issue a credential the emulator accepts) and virtual devices with the app
 * installed, each with the notifications it received. With sandbox mode off every route but the status answers
 * 404 SANDBOX_OFF.
 */
import type { ApiClient } from './http-client.ts';

export type SandboxChannel = 'apns' | 'fcm' | 'huawei' | 'honor' | 'xiaomi' | 'oppo' | 'vivo' | 'meizu' | 'webpush';

export type SandboxStatus = { enabled: false } | { enabled: true; channels: SandboxChannel[] };

export type ApnsEnvironment = 'dev' | 'product';

export interface ApnsKeyIssued {
  channel: 'apns';
  /** AuthKey_<KEYID>.p8, as Apple names the download. */
  fileName: string;
  /** The PEM text of the .p8 file. */
  p8: string;
  keyId: string;
  teamId: string;
}

export interface FcmServiceAccountIssued {
  channel: 'fcm';
  fileName: string;
  serviceAccount: Record<string, unknown>;
}

export interface VendorFieldsIssued {
  channel: Exclude<SandboxChannel, 'apns' | 'fcm' | 'webpush'>;
  /** Named as the vendor credential form / PUT …/credentials/:channel take them. */
  fields: Record<string, string>;
}

export type IssuedCredential = ApnsKeyIssued | FcmServiceAccountIssued | VendorFieldsIssued;

/** What each channel's "console" needs to issue: APNs may be tied to a bundle ID, the Android vendors to a package name. */
export type IssueCredentialBody = { bundleId?: string } | { packageName?: string } | Record<string, never>;

export interface SandboxDevice {
  /** Sandbox-local, url-safe. */
  id: string;
  name: string;
  channel: SandboxChannel;
  accessId: number;
  environment?: ApnsEnvironment;
  /** The full vendor token the emulator knows the device by. */
  vendorToken: string;
  /** The Herald (TPNS) token the device registered with. */
  heraldToken: string;
  /** ISO time. */
  createdAt: string;
  received: number;
}

export interface CreateSandboxDeviceInput {
  accessId: number;
  channel: SandboxChannel;
  name?: string;
  environment?: ApnsEnvironment;
}

export interface SandboxNotification {
  /** 0-based position in the device's inbox. */
  index: number;
  /** ISO time. */
  receivedAt: string;
  title?: string;
  body?: string;
  badge?: number;
  sound?: string;
  custom?: string;
  /** The vendor payload as the emulator got it. */
  raw: unknown;
}

export interface SandboxInboxPage {
  deviceId: string;
  /** Notifications from index `after` on, oldest first. */
  notifications: SandboxNotification[];
  /** The inbox's total count: the `after` of the next poll. */
  next: number;
}

export interface TestPushInput {
  title?: string;
  content: string;
}

function withSignal(signal: AbortSignal | undefined) {
  return signal === undefined ? {} : { signal };
}

export function sandboxApi(client: ApiClient) {
  const device = (id: string) => `/api/sandbox/devices/${encodeURIComponent(id)}`;
  return {
    status: (signal?: AbortSignal) => client.request<SandboxStatus>('GET', '/api/sandbox', withSignal(signal)),
    issueCredential: (channel: SandboxChannel, body: IssueCredentialBody = {}) =>
      client.request<IssuedCredential>('POST', `/api/sandbox/credentials/${channel}`, { body }),
    createDevice: (input: CreateSandboxDeviceInput) => client.request<SandboxDevice>('POST', '/api/sandbox/devices', { body: input }),
    devices: async (signal?: AbortSignal): Promise<SandboxDevice[]> =>
      (await client.request<{ devices: SandboxDevice[] }>('GET', '/api/sandbox/devices', withSignal(signal))).devices,
    inbox: (id: string, after: number, signal?: AbortSignal) =>
      client.request<SandboxInboxPage>('GET', `${device(id)}/inbox`, { query: { after }, ...withSignal(signal) }),
    testPush: (id: string, input: TestPushInput) => client.request<{ pushId: string }>('POST', `${device(id)}/test-push`, { body: input }),
    removeDevice: (id: string) => client.request<void>('DELETE', device(id)),
  };
}

export type SandboxApi = ReturnType<typeof sandboxApi>;
