/**
 * Steps the authorization tests share: create IM apps and call the authorization routes through the management
 * API, and read an app as the management API shows it.
 */
import { admin, type JsonResponse, type ServerLike } from '../push-management/fixtures.ts';

export async function createImApp(server: ServerLike, name = 'Chat'): Promise<number> {
  const res = await admin(server, 'POST', '/im/apps', { name });
  if (res.status !== 201) throw new Error(`create IM app failed: ${res.text}`);
  return Number(res.body.sdkAppId);
}

export function authorize(server: ServerLike, sdkAppId: number | string, accessId: unknown): Promise<JsonResponse> {
  return admin(server, 'POST', `/im/apps/${sdkAppId}/push-authorizations`, { accessId });
}

export function unauthorize(server: ServerLike, sdkAppId: number | string, accessId: number | string): Promise<JsonResponse> {
  return admin(server, 'DELETE', `/im/apps/${sdkAppId}/push-authorizations/${accessId}`);
}

export function listAuthorizations(server: ServerLike, sdkAppId: number | string): Promise<JsonResponse> {
  return admin(server, 'GET', `/im/apps/${sdkAppId}/push-authorizations`);
}

export async function appView(server: ServerLike, accessId: number): Promise<{ serviceMode: string; imSdkAppId: number | null; updatedAt: number }> {
  const res = await admin(server, 'GET', `/apps/${accessId}`);
  if (res.status !== 200) throw new Error(`GET app failed: ${res.text}`);
  return res.body;
}
