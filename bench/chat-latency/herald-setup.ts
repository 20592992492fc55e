/**
 * Makes Herald ready for the clients the way an operator would: an IM app through the management API
 * (`POST /api/im/apps`, admin bearer token; its SecretKey with `?reveal=1`), then the accounts through Tencent's
 * REST API (`/v4/im_open_login_svc/multiaccount_import`, 100 per call, signed with an admin UserSig made by the
 * server's own signer). Client processes sign their users' UserSigs with the same key and code.
 */
import { genUserSig } from '../../packages/server/src/im/identity/user-sig.ts';

export interface BenchImApp {
  sdkAppId: number;
  secretKey: string;
}

const IMPORT_BATCH = 100;

async function json(response: Response, what: string): Promise<Record<string, unknown>> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function createBenchImApp(httpUrl: string, adminToken: string): Promise<BenchImApp> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const created = await json(
    await fetch(`${httpUrl}/api/im/apps`, { method: 'POST', headers, body: JSON.stringify({ name: 'chat-latency bench' }) }),
    'create IM app',
  );
  const sdkAppId = Number(created['sdkAppId']);
  const revealed = await json(await fetch(`${httpUrl}/api/im/apps/${sdkAppId}?reveal=1`, { headers }), 'reveal IM app key');
  return { sdkAppId, secretKey: String(revealed['secretKey']) };
}

export async function importAccounts(httpUrl: string, app: BenchImApp, userIds: readonly string[]): Promise<void> {
  const admin = 'administrator';
  const userSig = genUserSig({ sdkAppId: app.sdkAppId, secretKey: app.secretKey, userId: admin, expireSeconds: 86_400, now: Date.now() });
  for (let i = 0; i < userIds.length; i += IMPORT_BATCH) {
    const query = new URLSearchParams({
      sdkappid: String(app.sdkAppId), identifier: admin, usersig: userSig, random: String(Math.floor(Math.random() * 4e9)), contenttype: 'json',
    });
    const body = await json(
      await fetch(`${httpUrl}/v4/im_open_login_svc/multiaccount_import?${query.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Accounts: userIds.slice(i, i + IMPORT_BATCH) }),
      }),
      'multiaccount_import',
    );
    const failed = body['FailAccounts'] as unknown[] | undefined;
    if (body['ActionStatus'] !== 'OK' || (failed !== undefined && failed.length > 0)) {
      throw new Error(`multiaccount_import failed: ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
}
