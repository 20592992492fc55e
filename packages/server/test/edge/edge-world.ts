/**
 * The world the bad-input tests run in: a server with small body limits, two iOS apps (A is the caller, B the
 * victim whose devices, accounts, tags, push task, plan, upload and statistics A must never reach), two IM apps
 * (A calls `/v4`; B's accounts, profiles and devices must stay out of A's answers), plus the tools to send raw
 * requests with any auth, sign IM UserSigs, list the server's routes and fingerprint every table.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import { insertGroup } from '../helpers/im-fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { tpnsSign } from '../../src/push/model/tpns-sign.ts';
import { genUserSig } from '../../src/im/identity/user-sig.ts';
import { basicAuth, createTestApp, registerDevice, sdkHeaders, type TestApp } from '../push-management/fixtures.ts';

export const BODY_LIMIT = 8 * 1024;
export const UPLOAD_LIMIT = 16 * 1024;

export interface Device {
  token: string;
  deviceSecret: string;
}

export interface ImApp {
  sdkAppId: number;
  secretKey: string;
  admins: string[];
}

/** The IM side of the world: app A calls, app B is the victim. */
export interface ImWorld {
  a: ImApp;
  b: ImApp;
  /** An ordinary (non-admin) account of A. */
  aUser: string;
  /** A UserID imported into both apps, with a different profile and presence in each. */
  shared: string;
  /** Accounts only B has. */
  bUser: string;
  /** An admin of B only. */
  bAdmin: string;
  /** Markers of B's profiles and devices that must never show up in A's answers. */
  bNick: string;
  bFace: string;
  bPlatform: string;
  /** A Work group of A (owner aUser, members aUser and shared). */
  aGroup: string;
  /** A Work group only B has (owner bUser). */
  bGroup: string;
  /** A group ID used in both apps: A's has aUser, B's has bUser and shared (named bGroupName). */
  sharedGroup: string;
  bGroupName: string;
  /** B's IM rows (accounts, devices, groups, members, group messages, receive options, invitations) as created. */
  bRows: string;
}

export interface World {
  server: TestServer;
  im: ImWorld;
  a: TestApp;
  b: TestApp;
  devA: Device;
  devB: Device;
  bAccount: string;
  bTag: string;
  bPushId: string;
  bPlanId: string;
  bUploadId: number;
  /** B's funnel number planted in push_stat; it must never show up in A's answers. */
  bStatMarker: number;
  statDay: string;
  p8Key: string;
}

export interface Sent {
  status: number;
  body: any;
  text: string;
}

export interface Outgoing {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as is; `undefined` sends no body. */
  raw?: string | FormData;
}

export async function send(server: TestServer, o: Outgoing): Promise<Sent> {
  const response = await fetch(`${server.url}${o.path}`, { method: o.method, headers: o.headers ?? {}, ...(o.raw === undefined ? {} : { body: o.raw }) });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

export const json = { 'content-type': 'application/json' };

export function signHeaders(app: { accessId: number | string; secretKey: string }, raw: string, timestampSeconds: number): Record<string, string> {
  const timestamp = String(timestampSeconds);
  return { accessid: String(app.accessId), timestamp, sign: tpnsSign(app.secretKey, timestamp, app.accessId, raw) };
}

export function nowSeconds(server: TestServer): number {
  return Math.floor(server.ctx.clock.now() / 1000);
}

export function deviceHeaders(app: TestApp, device: Device): Record<string, string> {
  return sdkHeaders(app, device);
}

export { basicAuth, sdkHeaders };

/** `METHOD /path/:param` for every route the server answers, from fastify's own route tree (HEAD left out). */
export function listRoutes(server: TestServer): string[] {
  const tree = server.app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const m = /^(\S+)(?: \(([^)]*)\))?\s*$/.exec(line.slice(at + 3));
    if (m === null) throw new Error(`unparsed route line: ${line}`);
    const path = (depth === 0 ? '' : (stack[depth - 1] ?? '')) + (m[1] ?? '');
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[2] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '' && s !== 'HEAD')) routes.push(`${method} ${path}`);
  }
  return [...new Set(routes)].sort();
}

/** Row count and content hash of every table (but the ones named), for "the request changed nothing". */
/** Migrations run before a test server answers, so its tables are listed once (introspection reads every column). */
const tablesOf = new WeakMap<TestServer, Promise<string[]>>();

export async function fingerprint(server: TestServer, exclude: readonly string[] = ['replay_guard']): Promise<Record<string, string>> {
  const db = server.ctx.store.db;
  let listed = tablesOf.get(server);
  if (listed === undefined) {
    listed = db.introspection.getTables().then((all) => all.map((t) => t.name).sort());
    tablesOf.set(server, listed);
  }
  const tables = (await listed).filter((n) => !exclude.includes(n));
  const out: Record<string, string> = {};
  for (const name of tables) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(db);
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
    out[name] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`;
  }
  return out;
}

/** A TLSSigAPIv2 UserSig made on the server's clock; `secretKey` and `sdkAppId` default to the app's. */
export function imSig(
  server: TestServer, app: ImApp, userId: string,
  o: { secretKey?: string; sdkAppId?: number; expireSeconds?: number; ageSeconds?: number } = {},
): string {
  return genUserSig({
    sdkAppId: o.sdkAppId ?? app.sdkAppId, secretKey: o.secretKey ?? app.secretKey, userId,
    expireSeconds: o.expireSeconds ?? 86400, now: server.ctx.clock.now() - (o.ageSeconds ?? 0) * 1000,
  });
}

/** The `/v4` query of a call by `identifier` (default the app's first admin) of `app`. */
export function imQuery(server: TestServer, app: ImApp, identifier = app.admins[0] ?? 'administrator'): Record<string, string> {
  return { sdkappid: String(app.sdkAppId), identifier, usersig: imSig(server, app, identifier), random: '12345678', contenttype: 'json' };
}

export function withQuery(path: string, query: Record<string, string>): string {
  const q = new URLSearchParams(query).toString();
  return q === '' ? path : `${path}?${q}`;
}

/** An app's im_user and im_device rows, canonically ordered. */
export async function imRows(server: TestServer, sdkAppId: number): Promise<string> {
  const db = server.ctx.store.db;
  const users = await db.selectFrom('im_user').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('user_id').execute();
  const devices = await db.selectFrom('im_device').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('user_id').orderBy('device_id').execute();
  const groups = await db.selectFrom('im_group').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('group_id').execute();
  const members = await db.selectFrom('im_group_member').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('group_id').orderBy('user_id').execute();
  const groupMessages = await db.selectFrom('im_group_message').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('group_id').orderBy('seq').execute();
  const c2c = await db.selectFrom('im_c2c_message').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('owner').orderBy('inbox_seq').execute();
  const receiveOpts = await db.selectFrom('im_receive_opt').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('owner').orderBy('peer').execute();
  const invites = await db.selectFrom('im_signal_invitee').selectAll().where('sdk_app_id', '=', sdkAppId).orderBy('invite_id').orderBy('user_id').execute();
  const app = await db.selectFrom('im_app').select(['callback_url', 'callback_commands_json']).where('sdk_app_id', '=', sdkAppId).execute();
  return JSON.stringify({ users, devices, groups, members, groupMessages, c2c, receiveOpts, invites, app }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

async function createImWorld(server: TestServer): Promise<ImWorld> {
  const api = async (method: string, path: string, body?: unknown): Promise<Sent> => {
    const r = await send(server, { method, path: `/api${path}`, headers: { ...server.admin, ...(body === undefined ? {} : json) }, ...(body === undefined ? {} : { raw: JSON.stringify(body) }) });
    if (r.status >= 300) throw new Error(`${method} ${path} failed: ${r.text}`);
    return r;
  };
  const imApp = async (name: string, admins: string[]): Promise<ImApp> => {
    const created = await api('POST', '/im/apps', { name, admins });
    const revealed = await api('GET', `/im/apps/${created.body.sdkAppId}?reveal=1`);
    return { sdkAppId: Number(created.body.sdkAppId), secretKey: String(revealed.body.secretKey), admins };
  };
  const v4 = async (app: ImApp, path: string, body: unknown): Promise<void> => {
    const r = await send(server, { method: 'POST', path: withQuery(`/v4/${path}`, imQuery(server, app)), headers: json, raw: JSON.stringify(body) });
    if (r.status !== 200 || r.body?.ActionStatus !== 'OK') throw new Error(`/v4/${path} failed: ${r.text}`);
  };
  const a = await imApp('IM caller', ['administrator', 'ops']);
  const bAdmin = 'victim_boss';
  const b = await imApp('IM victim', ['administrator', bAdmin]);
  const aUser = 'caller_user';
  const shared = 'shared_user';
  const bUser = 'victim_user';
  const bNick = 'Victim Secret Nick';
  const bFace = 'https://victim.example/face.png';
  const bPlatform = 'harmony';
  await v4(a, 'im_open_login_svc/multiaccount_import', { AccountList: [{ UserID: aUser, Nick: 'Caller' }, { UserID: shared, Nick: 'Caller Shared' }] });
  await v4(b, 'im_open_login_svc/multiaccount_import', { AccountList: [{ UserID: bUser, Nick: bNick, FaceUrl: bFace }, { UserID: shared, Nick: bNick, FaceUrl: bFace }] });
  const now = server.ctx.clock.now();
  // B's accounts are online on a device; A's same-named account has none, so any leak shows in A's answer.
  const device = (userId: string, deviceId: string) => ({
    sdk_app_id: b.sdkAppId, user_id: userId, device_id: deviceId, platform: bPlatform, state: 'online', node_id: null,
    logged_in_at: now, state_changed_at: now, last_seen_at: now,
  });
  await server.ctx.store.db.insertInto('im_device').values([device(bUser, 'victim-device-1'), device(shared, 'victim-device-2')]).execute();
  const aGroup = 'caller_group';
  const bGroup = 'victim_group';
  const sharedGroup = 'shared_group';
  const bGroupName = 'Victim Secret Group';
  // Written straight to the store: the world must not depend on the group API under test.
  const workGroup = (name: string) => ({ name, applyJoinOption: 'DisableApply', now }) as const;
  await insertGroup(server, a.sdkAppId, aGroup, [aUser, shared], workGroup('Caller Group'));
  await insertGroup(server, a.sdkAppId, sharedGroup, [aUser], workGroup('Caller Shared Group'));
  await insertGroup(server, b.sdkAppId, bGroup, [bUser, shared], workGroup(bGroupName));
  await insertGroup(server, b.sdkAppId, sharedGroup, [bUser, shared], workGroup(bGroupName));
  return { a, b, aUser, shared, bUser, bAdmin, bNick, bFace, bPlatform, aGroup, bGroup, sharedGroup, bGroupName, bRows: await imRows(server, b.sdkAppId) };
}

function p8(): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

function tpnsDay(server: TestServer): string {
  const shifted = new Date(server.ctx.clock.now() + server.ctx.config.tpnsUtcOffsetMinutes * 60_000);
  return shifted.toISOString().slice(0, 10).replace(/-/g, '');
}

export async function createWorld(): Promise<World> {
  const server = await startTestServer({ worker: false, config: { bodyLimitBytes: BODY_LIMIT, uploadLimitBytes: UPLOAD_LIMIT } });
  try {
    const a = await createTestApp(server, { name: 'Caller' });
    const b = await createTestApp(server, { name: 'Victim' });
    const devA = await registerDevice(server, a);
    const devB = await registerDevice(server, b);
    const bAccount = 'victim-account';
    const bTag = 'victim-tag';
    const v3b = async (path: string, body: unknown): Promise<Sent> => {
      const r = await send(server, { method: 'POST', path: `/v3${path}`, headers: { ...basicAuth(b), ...json }, raw: JSON.stringify(body) });
      if (r.status !== 200) throw new Error(`${path} failed: ${r.text}`);
      return r;
    };
    await v3b('/device/account/batchoperate', { operator_type: 2, token_accounts: [{ token: devB.token, account_list: [{ account: bAccount }] }] });
    await v3b('/device/tag', { operator_type: 1, token_list: [devB.token], tag_list: [bTag] });
    const plan = await v3b('/push/plan/add_plan_push', { planName: 'victim plan', planDescribe: 'B only' });
    const bPlanId = String(plan.body.result.planId);
    const task = await v3b('/push/app', {
      audience_type: 'token', token_list: [devB.token], message_type: 'notify', environment: 'dev', plan_id: bPlanId,
      message: { title: 'secret', content: 'for B only' },
    });
    const bPushId = String(task.body.push_id);
    const form = new FormData();
    form.append('file', new Blob([`${devB.token}\n`]), 'victims.txt');
    const upload = await send(server, { method: 'POST', path: '/v3/push/package/upload', headers: basicAuth(b), raw: form });
    if (upload.status !== 200) throw new Error(`upload failed: ${upload.text}`);
    const p8Key = p8();
    const credential = await send(server, {
      method: 'PUT', path: `/api/apps/${a.accessId}/credentials/apns/dev`, headers: { ...server.admin, ...json },
      raw: JSON.stringify({ kind: 'p8', keyId: 'ABC123DEFG', teamId: 'TEAM123456', key: p8Key }),
    });
    if (credential.status !== 200) throw new Error(`credential upload failed: ${credential.text}`);
    const bStatMarker = 777_777;
    const statDay = tpnsDay(server);
    await server.ctx.store.db.insertInto('push_stat').values({
      push_id: bPushId, access_id: b.accessId, plan_id: bPlanId, channel: 'apns', day: statDay,
      targeted: bStatMarker, sent: bStatMarker, arrived: 0, clicked: 0, failed: 0, invalid: 0, expired: 0,
    }).execute();
    const im = await createImWorld(server);
    return { server, im, a, b, devA, devB, bAccount, bTag, bPushId, bPlanId, bUploadId: Number(upload.body.uploadId), bStatMarker, statDay, p8Key };
  } catch (err) {
    await server.close();
    throw err;
  }
}
