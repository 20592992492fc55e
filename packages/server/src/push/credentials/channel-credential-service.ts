/**
 * Credentials of the vendor channels other than APNs (FCM, Huawei, Honor, Xiaomi, OPPO, vivo, Meizu, Web Push),
 * one per app and channel. A credential is checked with the vendor before it is stored: a secret the vendor
 * refuses is answered CREDENTIAL_REJECTED with the vendor's reason, so a typo shows up in the console and the
 * API rather than at the first push. When the vendor cannot be asked (network, 5xx) the credential is stored
 * marked `unverified` with the reason, and can be checked again later.
 */
import type { ChannelId } from '@herald/channels';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow, CredentialRow } from '../../store/schema.ts';
import { requireApp, touchApp } from '../apps/app-service.ts';
import type { ChannelDriver, CredentialCheck, PreparedCredential } from '../channels/channel-driver.ts';
import { channelDriver, servesPlatform } from '../channels/channel-drivers.ts';
import { driverDepsOf } from '../channels/driver-deps.ts';
import { toCredentialView, type CredentialView } from './apns-credential-service.ts';

/** Non-APNs credentials are not environment-scoped; they live under this environment. */
const ENVIRONMENT = 'product';

/** What the last check with the vendor said, kept in the credential's meta. */
export interface CredentialCheckRecord {
  /** `rejected`: a push found the credential refused by the vendor (it was fine when saved). */
  status: 'ok' | 'unverified' | 'rejected';
  reason?: string;
  checkedAt: number;
}

function vendorDriver(app: AppRow, channel: string): ChannelDriver {
  const driver = channelDriver(channel);
  if (driver === undefined) throw heraldError('REQUEST_PARAM_INVALID', `channel: unknown channel ${channel}`);
  if (driver.environmentScoped) throw heraldError('REQUEST_PARAM_INVALID', `channel: ${channel} credentials are uploaded to /api/apps/:accessId/credentials/${channel}/:environment`);
  if (!servesPlatform(driver, app.platform)) throw heraldError('REQUEST_PARAM_INVALID', `channel: ${channel} serves ${driver.platform} apps; this app is ${app.platform}`);
  return driver;
}

function checkRecord(check: CredentialCheck, now: number): CredentialCheckRecord {
  return check.ok ? { status: 'ok', checkedAt: now } : { status: 'unverified', reason: check.reason, checkedAt: now };
}

async function store(ctx: ServerContext, app: AppRow, driver: ChannelDriver, prepared: PreparedCredential, check: CredentialCheckRecord): Promise<CredentialView> {
  const accessId = Number(app.access_id);
  const now = ctx.clock.now();
  const sealed = ctx.secretBox.seal(JSON.stringify(prepared.secret));
  const meta = JSON.stringify({ ...prepared.meta, check });
  await ctx.store.transaction(async (trx) => {
    const existing = await trx.selectFrom('credential').select('credential_id')
      .where('access_id', '=', accessId).where('channel', '=', driver.id).where('environment', '=', ENVIRONMENT)
      .executeTakeFirst();
    if (existing === undefined) {
      await trx.insertInto('credential').values({
        access_id: accessId, channel: driver.id, environment: ENVIRONMENT, kind: prepared.kind,
        secret_sealed: sealed, meta_json: meta, created_at: now, updated_at: now,
      }).execute();
    } else {
      await trx.updateTable('credential').set({ kind: prepared.kind, secret_sealed: sealed, meta_json: meta, updated_at: now })
        .where('credential_id', '=', existing.credential_id).execute();
    }
    await touchApp(trx, accessId, now);
  });
  return toCredentialView(await readRow(ctx, accessId, driver.id));
}

async function readRow(ctx: ServerContext, accessId: number, channel: ChannelId): Promise<CredentialRow> {
  const row = await ctx.store.db.selectFrom('credential').selectAll()
    .where('access_id', '=', accessId).where('channel', '=', channel).where('environment', '=', ENVIRONMENT)
    .executeTakeFirst();
  if (row === undefined) throw heraldError('CREDENTIAL_NOT_FOUND');
  return row;
}

/** Reads, checks with the vendor and stores a channel credential; CREDENTIAL_REJECTED when the vendor refuses it. */
export async function putChannelCredential(ctx: ServerContext, accessId: number, channel: string, input: unknown): Promise<CredentialView> {
  const app = await requireApp(ctx.store.db, accessId);
  const driver = vendorDriver(app, channel);
  const deps = driverDepsOf(ctx);
  const prepared = driver.prepareCredential(input, app, deps);
  const check = await driver.validateCredential(prepared.secret, app, deps);
  if (!check.ok && !check.transient) throw heraldError('CREDENTIAL_REJECTED', `${channel}: ${check.reason}`);
  return store(ctx, app, driver, prepared, checkRecord(check, ctx.clock.now()));
}

/** Asks the vendor again about the stored credential and records the answer; CREDENTIAL_REJECTED when refused. */
export async function recheckChannelCredential(ctx: ServerContext, accessId: number, channel: string): Promise<CredentialView> {
  const app = await requireApp(ctx.store.db, accessId);
  const driver = vendorDriver(app, channel);
  const row = await readRow(ctx, accessId, driver.id);
  const secret = JSON.parse(ctx.secretBox.open(row.secret_sealed)) as Record<string, unknown>;
  const check = await driver.validateCredential(secret, app, driverDepsOf(ctx));
  const now = ctx.clock.now();
  const meta = JSON.parse(row.meta_json) as Record<string, unknown>;
  const record = checkRecord(check, now);
  // The row's updated_at is left alone: the secret did not change, so channel clients need not be rebuilt.
  await ctx.store.db.updateTable('credential').set({ meta_json: JSON.stringify({ ...meta, check: record }) })
    .where('credential_id', '=', row.credential_id).execute();
  if (!check.ok && !check.transient) throw heraldError('CREDENTIAL_REJECTED', `${channel}: ${check.reason}`);
  return toCredentialView(await readRow(ctx, accessId, driver.id));
}

export async function deleteChannelCredential(ctx: ServerContext, accessId: number, channel: string): Promise<void> {
  const app = await requireApp(ctx.store.db, accessId);
  const driver = vendorDriver(app, channel);
  await ctx.store.transaction(async (trx) => {
    const result = await trx.deleteFrom('credential')
      .where('access_id', '=', accessId).where('channel', '=', driver.id).where('environment', '=', ENVIRONMENT)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw heraldError('CREDENTIAL_NOT_FOUND');
    await touchApp(trx, accessId, ctx.clock.now());
  });
}

/**
 * A push found the credential refused (channel-wide failure): recorded in its meta so the console and the
 * credential list show it beside the open breaker. The row's updated_at stays, so the client is not rebuilt.
 */
export async function recordCredentialRejected(ctx: ServerContext, accessId: number, driver: ChannelDriver, environment: string, reason: string): Promise<void> {
  const env = driver.environmentScoped ? environment : ENVIRONMENT;
  const row = await ctx.store.db.selectFrom('credential').select(['credential_id', 'meta_json'])
    .where('access_id', '=', accessId).where('channel', '=', driver.id).where('environment', '=', env)
    .executeTakeFirst();
  if (row === undefined) return;
  const meta = JSON.parse(row.meta_json) as Record<string, unknown>;
  const check: CredentialCheckRecord = { status: 'rejected', reason, checkedAt: ctx.clock.now() };
  await ctx.store.db.updateTable('credential').set({ meta_json: JSON.stringify({ ...meta, check }) })
    .where('credential_id', '=', row.credential_id).execute();
}

/**
 * A web app gets its VAPID key pair when it is created, so browsers can subscribe before anyone configures
 * anything. Generated locally: nothing to ask a vendor.
 */
export async function ensureWebPushCredential(ctx: ServerContext, app: AppRow): Promise<void> {
  if (app.platform !== 'web') return;
  const driver = vendorDriver(app, 'webpush');
  const existing = await ctx.store.db.selectFrom('credential').select('credential_id')
    .where('access_id', '=', Number(app.access_id)).where('channel', '=', driver.id).executeTakeFirst();
  if (existing !== undefined) return;
  const prepared = driver.prepareCredential({}, app, driverDepsOf(ctx));
  await store(ctx, app, driver, prepared, { status: 'ok', checkedAt: ctx.clock.now() });
}
