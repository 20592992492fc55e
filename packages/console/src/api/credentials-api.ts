/**
 * Push credentials of an app (`/api/apps/:accessId/credentials…`, see docs/management-api.md): APNs `.p8`/`.p12`
 * per environment slot (and the VoIP Services `.p12` beside a `.p12`), the vendor channels' forms, each checked
 * with the vendor when saved, and Web Push's VAPID key. Answers carry the meta only, never a secret.
 */
import type { ApiClient } from './http-client.ts';

export type ApnsEnvironment = 'product' | 'dev';

export type VendorChannel = 'fcm' | 'huawei' | 'honor' | 'xiaomi' | 'oppo' | 'vivo' | 'meizu' | 'webpush';

/** The vendor's last answer about a credential: `rejected` also when a push found it refused after it was saved. */
export interface CredentialCheck {
  status: 'ok' | 'unverified' | 'rejected';
  reason?: string;
  checkedAt: number;
}

export interface CertificateMeta {
  topics: string[];
  subject: string;
  notBefore: string;
  notAfter: string;
  environments: string[];
  fingerprint: string;
}

export interface ApnsMeta {
  keyId?: string;
  teamId?: string;
  topics?: string[];
  subject?: string;
  notBefore?: string;
  notAfter?: string;
  environments?: string[];
  fingerprint?: string;
  voip?: CertificateMeta;
}

export interface CredentialView {
  channel: string;
  environment: string;
  kind: string;
  /** APNs: ApnsMeta; vendors: their ids and public parts, and `check`. */
  meta: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type ApnsUpload =
  | { kind: 'p8'; keyId: string; teamId: string; key: string }
  | { kind: 'p12'; p12: string; password: string; slot?: 'voip' };

export function credentialsApi(client: ApiClient) {
  const base = (accessId: number) => `/api/apps/${accessId}/credentials`;
  return {
    list: async (accessId: number, signal?: AbortSignal): Promise<CredentialView[]> =>
      (await client.request<{ credentials: CredentialView[] }>('GET', base(accessId), signal === undefined ? {} : { signal })).credentials,
    putApns: (accessId: number, environment: ApnsEnvironment, upload: ApnsUpload) =>
      client.request<CredentialView>('PUT', `${base(accessId)}/apns/${environment}`, { body: upload }),
    removeApns: (accessId: number, environment: ApnsEnvironment) => client.request<void>('DELETE', `${base(accessId)}/apns/${environment}`),
    putVendor: (accessId: number, channel: VendorChannel, body: Record<string, unknown>) =>
      client.request<CredentialView>('PUT', `${base(accessId)}/${channel}`, { body }),
    check: (accessId: number, channel: VendorChannel) => client.request<CredentialView>('POST', `${base(accessId)}/${channel}/check`),
    removeVendor: (accessId: number, channel: VendorChannel) => client.request<void>('DELETE', `${base(accessId)}/${channel}`),
  };
}

export type CredentialsApi = ReturnType<typeof credentialsApi>;

/** The vendor's last answer kept in a vendor credential's meta, if it is there and well-formed. */
export function checkOf(view: CredentialView | undefined): CredentialCheck | undefined {
  const check = view?.meta['check'];
  if (typeof check !== 'object' || check === null) return undefined;
  const c = check as Record<string, unknown>;
  if (c['status'] !== 'ok' && c['status'] !== 'unverified' && c['status'] !== 'rejected') return undefined;
  return { status: c['status'], checkedAt: Number(c['checkedAt'] ?? 0), ...(typeof c['reason'] === 'string' ? { reason: c['reason'] } : {}) };
}
