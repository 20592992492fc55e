/**
 * Herald's side of the setup, the way an operator does it (management API with the admin bearer token, then the
 * IM REST API as the app administrator): a push product with an iOS app and its APNs `.p8` key, an IM app, the IM
 * app authorized to the push app (so offline pushes go out through it and count in its "IM message" plan), and
 * the accounts set up through the public APIs.
 */
import { genUserSig } from '../../packages/server/src/im/identity/user-sig.ts';

export interface PushAppKeys {
  accessId: number;
  accessKey: string;
  secretKey: string;
  bundleId: string;
}

export interface ImAppKeys {
  sdkAppId: number;
  secretKey: string;
}

export interface P8Key {
  keyId: string;
  teamId: string;
  privateKeyPem: string;
}

export interface HeraldAdmin {
  url: string;
  /** `/api<path>` with the admin bearer; throws unless the status is one of `ok`. */
  call(method: string, path: string, body?: unknown, ok?: readonly number[]): Promise<Record<string, unknown>>;
}

export function heraldAdmin(url: string, adminToken: string): HeraldAdmin {
  return {
    url,
    async call(method, path, body, ok = [200, 201]) {
      const res = await fetch(`${url}/api${path}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!ok.includes(res.status)) throw new Error(`${method} /api${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
      return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
    },
  };
}

export async function createPushApp(admin: HeraldAdmin, bundleId: string, key: P8Key): Promise<PushAppKeys> {
  const created = await admin.call('POST', '/products', { name: 'group-fanout bench', accessPoint: 'guangzhou', platforms: [{ platform: 'ios', bundleId }] }, [201]);
  const accessId = Number((created['apps'] as Array<{ accessId: number }>)[0]!.accessId);
  const keys = await admin.call('GET', `/apps/${accessId}?reveal=1`);
  await admin.call('PUT', `/apps/${accessId}/credentials/apns/product`, { kind: 'p8', keyId: key.keyId, teamId: key.teamId, key: key.privateKeyPem });
  return { accessId, accessKey: String(keys['accessKey']), secretKey: String(keys['secretKey']), bundleId };
}

export async function createImApp(admin: HeraldAdmin, pushApp: PushAppKeys): Promise<ImAppKeys> {
  const created = await admin.call('POST', '/im/apps', { name: 'group-fanout bench' }, [201]);
  const sdkAppId = Number(created['sdkAppId']);
  const revealed = await admin.call('GET', `/im/apps/${sdkAppId}?reveal=1`);
  await admin.call('POST', `/im/apps/${sdkAppId}/push-authorizations`, { accessId: pushApp.accessId }, [200, 201]);
  return { sdkAppId, secretKey: String(revealed['secretKey']) };
}

export function userSigOf(app: ImAppKeys, userId: string): string {
  return genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId, expireSeconds: 86_400, now: Date.now() });
}

/** `/v4/im_open_login_svc/multiaccount_import` with profiles, as the app administrator. */
export async function importAccounts(url: string, app: ImAppKeys, accounts: ReadonlyArray<{ userId: string; nick?: string }>): Promise<void> {
  const admin = 'administrator';
  const query = new URLSearchParams({
    sdkappid: String(app.sdkAppId), identifier: admin, usersig: userSigOf(app, admin), random: String(Math.floor(Math.random() * 4e9)), contenttype: 'json',
  });
  const res = await fetch(`${url}/v4/im_open_login_svc/multiaccount_import?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ AccountList: accounts.map((a) => ({ UserID: a.userId, ...(a.nick === undefined ? {} : { Nick: a.nick }) })) }),
  });
  const body = (await res.json()) as Record<string, unknown>;
  const failed = body['FailAccounts'] as unknown[] | undefined;
  if (body['ActionStatus'] !== 'OK' || (failed !== undefined && failed.length > 0)) throw new Error(`multiaccount_import: ${JSON.stringify(body).slice(0, 300)}`);
}
