/**
 * Third-party authorization, IM app → push app (`/api/im/apps/:sdkAppId/push-authorizations`, see
 * docs/management-api.md), and the IM apps to pick from (`GET /api/im/apps`, docs/im-rest-api.md).
 */
import type { ApiClient } from './http-client.ts';
import type { Platform } from './types.ts';

export interface ImAppSummary {
  sdkAppId: number;
  name: string;
  admins: string[];
  autoCreateUsers: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface PushAuthorization {
  sdkAppId: number;
  accessId: number;
  productId: number;
  productName: string;
  platform: Platform;
  bundleId: string;
  serviceMode: string;
  planId: string;
}

export function authorizationApi(client: ApiClient) {
  const base = (sdkAppId: number) => `/api/im/apps/${sdkAppId}/push-authorizations`;
  return {
    imApps: async (): Promise<ImAppSummary[]> => (await client.request<{ apps: ImAppSummary[] }>('GET', '/api/im/apps')).apps,
    list: async (sdkAppId: number): Promise<PushAuthorization[]> =>
      (await client.request<{ authorizations: PushAuthorization[] }>('GET', base(sdkAppId))).authorizations,
    add: (sdkAppId: number, accessId: number) => client.request<PushAuthorization>('POST', base(sdkAppId), { body: { accessId } }),
    remove: (sdkAppId: number, accessId: number) => client.request<void>('DELETE', `${base(sdkAppId)}/${accessId}`),
  };
}

export type AuthorizationApi = ReturnType<typeof authorizationApi>;
