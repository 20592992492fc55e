/**
 * Device registration for the SDK API (DESIGN.md §2.1). A device is identified by its Herald token; the SDK
 * proves it owns the token with the device secret handed out when the token was created or re-keyed.
 *
 * Rules (what a TPNS or Firebase user expects):
 * - the same vendor token registered again, without credentials, gets the same Herald token (an app that lost
 *   its storage, a reinstall that kept the APNs token) and a new device secret;
 * - a refresh with token + device secret + a new vendor token keeps the Herald token, accounts and tags;
 * - a vendor token already held by another device of the app moves to the caller: that device was an earlier
 *   installation on the same phone, and is retired with its bindings and tags;
 * - an invalid device (the vendor said its token is dead) becomes active again when its vendor token or
 *   environment changes; re-registering a dead token does not revive it;
 * - an unregistered device comes back when it registers again.
 */
import type { Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow, Database, DeviceRow, Environment, Platform } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { CHANNELS_BY_PLATFORM, normalizeVendorToken } from './device-channels.ts';
import { deviceSecretMatches, generateDeviceSecret, generateHeraldToken, hashDeviceSecret } from './device-secret.ts';

export interface RegisterDeviceInput {
  platform: Platform;
  channel: string;
  vendorToken: string;
  environment: Environment;
  appVersion: string;
  sdkVersion: string;
  locale: string;
  timeZone: string;
  systemVersion?: string | undefined;
  deviceBrand?: string | undefined;
  deviceModel?: string | undefined;
  token?: string | undefined;
  deviceSecret?: string | undefined;
}

export interface RegisterDeviceResult {
  token: string;
  /** Present only when the device was created or re-keyed; the SDK must store it. */
  deviceSecret?: string;
  created: boolean;
}

export async function removeDeviceBindings(db: Kysely<Database>, accessId: number, token: string): Promise<void> {
  await db.deleteFrom('account_binding').where('access_id', '=', accessId).where('token', '=', token).execute();
  await db.deleteFrom('tag').where('access_id', '=', accessId).where('token', '=', token).execute();
}

function checkInput(app: AppRow, input: RegisterDeviceInput): string {
  if (input.platform !== app.platform) throw heraldError('REQUEST_PARAM_INVALID', `platform: this app is a ${app.platform} app`);
  if (!(CHANNELS_BY_PLATFORM[input.platform] as readonly string[]).includes(input.channel)) {
    throw heraldError('REQUEST_PARAM_INVALID', `channel: ${input.platform} devices use ${CHANNELS_BY_PLATFORM[input.platform].join(', ')}`);
  }
  const vendorToken = normalizeVendorToken(input.channel, input.vendorToken);
  if (vendorToken === undefined) throw heraldError('REQUEST_PARAM_INVALID', `vendorToken: not a valid ${input.channel} token`);
  return vendorToken;
}

export async function registerDevice(ctx: ServerContext, app: AppRow, input: RegisterDeviceInput): Promise<RegisterDeviceResult> {
  const vendorToken = checkInput(app, input);
  try {
    return await ctx.store.transaction((trx) => registerIn(ctx, trx, app, input, vendorToken));
  } catch (err) {
    // Two first registrations of one vendor token raced; the second now finds the first's device.
    if (!isUniqueViolation(err)) throw err;
    return ctx.store.transaction((trx) => registerIn(ctx, trx, app, input, vendorToken));
  }
}

async function registerIn(ctx: ServerContext, db: Kysely<Database>, app: AppRow, input: RegisterDeviceInput, vendorToken: string): Promise<RegisterDeviceResult> {
  const accessId = Number(app.access_id);
  const now = ctx.clock.now();
  const details = {
    app_version: input.appVersion,
    sdk_version: input.sdkVersion,
    locale: input.locale,
    time_zone: input.timeZone,
    system_version: input.systemVersion ?? '',
    device_brand: input.deviceBrand ?? '',
    device_model: input.deviceModel ?? '',
    updated_at: now,
    last_active_at: now,
  };
  let own: DeviceRow | undefined;
  if (input.token !== undefined) {
    own = await db.selectFrom('device').selectAll().where('token', '=', input.token).where('access_id', '=', accessId).executeTakeFirst();
    // An unknown token (deleted product data, another app's token) is not an error: the device starts afresh.
    if (own !== undefined && (input.deviceSecret === undefined || !deviceSecretMatches(input.deviceSecret, own.secret_hash))) {
      throw heraldError('DEVICE_AUTH_FAILED');
    }
  }
  const holder = await db.selectFrom('device').selectAll()
    .where('access_id', '=', accessId).where('channel', '=', input.channel).where('vendor_token', '=', vendorToken)
    .executeTakeFirst();

  if (own !== undefined) {
    if (holder !== undefined && holder.token !== own.token) {
      await removeDeviceBindings(db, accessId, holder.token);
      await db.deleteFrom('device').where('token', '=', holder.token).execute();
    }
    const changed = own.vendor_token !== vendorToken || own.channel !== input.channel || own.environment !== input.environment;
    const revive = own.status !== 'invalid' || changed;
    await db.updateTable('device').set({
      ...details,
      channel: input.channel,
      vendor_token: vendorToken,
      environment: input.environment,
      ...(revive ? { status: 'active', invalid_reason: null } : {}),
    }).where('token', '=', own.token).execute();
    return { token: own.token, created: false };
  }

  const deviceSecret = generateDeviceSecret();
  if (holder !== undefined) {
    const revive = holder.status !== 'invalid' || holder.environment !== input.environment;
    await db.updateTable('device').set({
      ...details,
      environment: input.environment,
      secret_hash: hashDeviceSecret(deviceSecret),
      ...(revive ? { status: 'active', invalid_reason: null } : {}),
    }).where('token', '=', holder.token).execute();
    return { token: holder.token, deviceSecret, created: false };
  }

  const token = generateHeraldToken();
  await db.insertInto('device').values({
    ...details,
    token,
    access_id: accessId,
    platform: input.platform,
    channel: input.channel,
    vendor_token: vendorToken,
    environment: input.environment,
    secret_hash: hashDeviceSecret(deviceSecret),
    badge: 0,
    status: 'active',
    invalid_reason: null,
    created_at: now,
  }).execute();
  return { token, deviceSecret, created: true };
}

/** The device a per-device SDK call is for, after checking the device secret. */
export async function authenticateDevice(db: Kysely<Database>, accessId: number, token: string, secret: string | undefined): Promise<DeviceRow> {
  const device = await db.selectFrom('device').selectAll().where('token', '=', token).where('access_id', '=', accessId).executeTakeFirst();
  // The same answer for an unknown token and a wrong secret, so tokens cannot be probed.
  if (device === undefined || secret === undefined || !deviceSecretMatches(secret, device.secret_hash)) throw heraldError('DEVICE_AUTH_FAILED');
  return device;
}

/** Unregister: the device stops receiving pushes and loses its accounts and tags. Idempotent. */
export async function unregisterDevice(ctx: ServerContext, device: DeviceRow): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.transaction(async (trx) => {
    await removeDeviceBindings(trx, Number(device.access_id), device.token);
    await trx.updateTable('device').set({ status: 'unregistered', badge: 0, updated_at: now }).where('token', '=', device.token).execute();
  });
}

export async function setDeviceBadge(ctx: ServerContext, device: DeviceRow, badge: number): Promise<void> {
  const now = ctx.clock.now();
  await ctx.store.db.updateTable('device').set({ badge, updated_at: now, last_active_at: now }).where('token', '=', device.token).execute();
}

/** Tokens of the app that may take accounts and tags (not unregistered). */
export async function existingTokens(db: Kysely<Database>, accessId: number, tokens: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(tokens)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('device').select('token')
    .where('access_id', '=', accessId).where('token', 'in', unique).where('status', '!=', 'unregistered')
    .execute();
  return new Set(rows.map((r) => r.token));
}
