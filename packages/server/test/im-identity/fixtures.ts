/**
 * Shared steps for the IM identity tests: Tencent's own signer, IM apps made through the management API, and
 * `/v4` calls signed by an app admin.
 */
import { createRequire } from 'node:module';
import type { TestServer } from '../helpers/test-server.ts';
import { admin, request, type JsonResponse } from '../push-management/fixtures.ts';

export { admin, request, type JsonResponse };

interface TencentApi {
  genSig(userId: string, expire: number, userBuf?: Buffer | null): string;
  genUserSig(userId: string, expire: number): string;
  genPrivateMapKey(userId: string, expire: number, roomId: number, privilegeMap: number): string;
  _hmacsha256(identifier: string, currTime: number, expire: number, base64UserBuf: string | null): string;
}

/** Tencent's tls-sig-api-v2 (CommonJS, untyped); it signs with the real Date.now(). */
export const TLSSigAPIv2 = createRequire(import.meta.url)('tls-sig-api-v2') as { Api: new (sdkAppId: number, key: string) => TencentApi };

export interface TestImApp {
  sdkAppId: number;
  secretKey: string;
  admins: string[];
}

export async function createImApp(server: TestServer, body: Record<string, unknown> = {}): Promise<TestImApp> {
  const created = await admin(server, 'POST', '/im/apps', { name: 'Chat', ...body });
  if (created.status !== 201) throw new Error(`create IM app failed: ${created.text}`);
  const revealed = await admin(server, 'GET', `/im/apps/${created.body.sdkAppId}?reveal=1`);
  return { sdkAppId: created.body.sdkAppId, secretKey: revealed.body.secretKey, admins: created.body.admins };
}

export function tencentSig(app: { sdkAppId: number; secretKey: string }, userId: string, expire = 86400): string {
  return new TLSSigAPIv2.Api(app.sdkAppId, app.secretKey).genUserSig(userId, expire);
}

export function v4Url(server: TestServer, path: string, query: Record<string, string>): string {
  return `${server.url}/v4/${path}?${new URLSearchParams(query).toString()}`;
}

/** Calls `/v4/<path>` as an admin of `app` (or as `identifier` with `userSig` when given). */
export function v4(
  server: TestServer,
  app: TestImApp,
  path: string,
  body: unknown,
  o: { identifier?: string; userSig?: string; raw?: string; query?: Record<string, string> } = {},
): Promise<JsonResponse> {
  const identifier = o.identifier ?? app.admins[0] ?? 'administrator';
  const query = o.query ?? {
    sdkappid: String(app.sdkAppId), identifier, usersig: o.userSig ?? tencentSig(app, identifier), random: '12345678', contenttype: 'json',
  };
  return request(v4Url(server, path, query), { method: 'POST', ...(o.raw !== undefined ? { raw: o.raw, headers: { 'content-type': 'application/json' } } : { body }) });
}
