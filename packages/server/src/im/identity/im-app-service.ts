/**
 * IM apps (Tencent's SDKAppID): allocation, admins, the sealed secret key that signs UserSigs, and deletion
 * with everything the app owns. Rotating the key makes every UserSig signed with the old one fail (70009).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { Database } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import type { ImAppRow } from './im-rows.ts';
import { revokeImAppAuthorizations } from '../../push/authorization/push-authorization-service.ts';
import { deleteImAppOfflinePushData } from '../offline-push-config/offline-push-cleanup.ts';

/** Tencent's SDKAppIDs for IM apps start at 1400000000. */
export const FIRST_SDK_APP_ID = 1_400_000_000;
/** SDKAppIDs are unsigned 32-bit on the wire (TRTC's userbuf packs them in 4 bytes). */
export const MAX_SDK_APP_ID = 4_294_967_295;
export const DEFAULT_ADMIN = 'administrator';

const ALLOCATION_ATTEMPTS = 5;

export interface NewImAppInput {
  sdkAppId?: number | undefined;
  name: string;
  admins?: string[] | undefined;
  autoCreateUsers?: boolean | undefined;
}

export interface ImAppUpdate {
  name?: string | undefined;
  admins?: string[] | undefined;
  autoCreateUsers?: boolean | undefined;
}

/** 64 hex characters, like the key the IM console shows. */
export function generateImSecretKey(): string {
  return randomBytes(32).toString('hex');
}

export function imAppAdmins(app: ImAppRow): string[] {
  return JSON.parse(app.admins_json) as string[];
}

export function openImSecretKey(ctx: ServerContext, app: ImAppRow): string {
  return ctx.secretBox.open(app.secret_key_sealed);
}

export async function findImApp(db: Kysely<Database>, sdkAppId: number): Promise<ImAppRow | undefined> {
  return db.selectFrom('im_app').selectAll().where('sdk_app_id', '=', sdkAppId).executeTakeFirst();
}

/** For the management API: an unknown SDKAppID there is a 404, not the 401 the IM edges answer. */
export async function requireImApp(db: Kysely<Database>, sdkAppId: number): Promise<ImAppRow> {
  const row = await findImApp(db, sdkAppId);
  if (row === undefined) throw heraldError('IM_APP_UNKNOWN', `No IM app ${sdkAppId}`);
  return row;
}

export async function listImApps(ctx: ServerContext): Promise<ImAppRow[]> {
  return ctx.store.db.selectFrom('im_app').selectAll().orderBy('sdk_app_id').execute();
}

export async function createImApp(ctx: ServerContext, input: NewImAppInput): Promise<ImAppRow> {
  const admins = dedupe(input.admins ?? [DEFAULT_ADMIN]);
  for (let attempt = 1; ; attempt += 1) {
    const now = ctx.clock.now();
    const sdkAppId = input.sdkAppId ?? (await nextSdkAppId(ctx.store.db));
    const row: ImAppRow = {
      sdk_app_id: sdkAppId,
      name: input.name,
      secret_key_sealed: ctx.secretBox.seal(generateImSecretKey()),
      admins_json: JSON.stringify(admins),
      auto_create_users: input.autoCreateUsers === true ? 1 : 0,
      created_at: now,
      updated_at: now,
      callback_url: null,
      callback_token_sealed: null,
      callback_commands_json: '[]',
      callback_deliver_on_timeout: 1,
    };
    try {
      await ctx.store.db.insertInto('im_app').values(row).execute();
      // What was cached for this SDKAppID before the row existed is not this row's answer.
      ctx.webhookCommands.invalidate(sdkAppId);
      return row;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A given SDKAppID that exists is the caller's conflict; an allocated one lost a race, so try the next.
      if (input.sdkAppId !== undefined || attempt >= ALLOCATION_ATTEMPTS) throw heraldError('IM_APP_EXISTS', `SDKAppID ${sdkAppId} already exists`);
    }
  }
}

async function nextSdkAppId(db: Kysely<Database>): Promise<number> {
  const max = await db.selectFrom('im_app').select((eb) => eb.fn.max('sdk_app_id').as('max'))
    .where('sdk_app_id', '>=', FIRST_SDK_APP_ID).executeTakeFirst();
  const current = max?.max === null || max?.max === undefined ? FIRST_SDK_APP_ID - 1 : Number(max.max);
  return current + 1;
}

export async function rotateImAppKey(ctx: ServerContext, sdkAppId: number): Promise<ImAppRow> {
  const row = await requireImApp(ctx.store.db, sdkAppId);
  const updatedAt = Math.max(ctx.clock.now(), Number(row.updated_at) + 1);
  await ctx.store.db.updateTable('im_app')
    .set({ secret_key_sealed: ctx.secretBox.seal(generateImSecretKey()), updated_at: updatedAt })
    .where('sdk_app_id', '=', sdkAppId).execute();
  return requireImApp(ctx.store.db, sdkAppId);
}

export async function updateImApp(ctx: ServerContext, sdkAppId: number, update: ImAppUpdate): Promise<ImAppRow> {
  const row = await requireImApp(ctx.store.db, sdkAppId);
  const set: Partial<ImAppRow> = { updated_at: Math.max(ctx.clock.now(), Number(row.updated_at) + 1) };
  if (update.name !== undefined) set.name = update.name;
  if (update.admins !== undefined) set.admins_json = JSON.stringify(dedupe(update.admins));
  if (update.autoCreateUsers !== undefined) set.auto_create_users = update.autoCreateUsers ? 1 : 0;
  await ctx.store.db.updateTable('im_app').set(set).where('sdk_app_id', '=', sdkAppId).execute();
  return requireImApp(ctx.store.db, sdkAppId);
}

/** Deletes the app with its users and devices, in one transaction. */
export async function deleteImApp(ctx: ServerContext, sdkAppId: number): Promise<void> {
  await requireImApp(ctx.store.db, sdkAppId);
  try {
    await ctx.store.transaction(async (trx) => {
      await trx.deleteFrom('im_device').where('sdk_app_id', '=', sdkAppId).execute();
      await trx.deleteFrom('im_user').where('sdk_app_id', '=', sdkAppId).execute();
      await deleteImAppOfflinePushData(trx, sdkAppId);
      await trx.deleteFrom('im_app').where('sdk_app_id', '=', sdkAppId).execute();
      // After the im_app row is gone, so an authorization racing this deletion is either revoked here or refused.
      await revokeImAppAuthorizations(trx, sdkAppId, ctx.clock.now());
    });
  } finally {
    // After the commit: a send reading meanwhile could otherwise keep the deleted app's webhooks for the TTL.
    ctx.webhookCommands.invalidate(sdkAppId);
  }
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}
