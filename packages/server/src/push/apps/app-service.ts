/**
 * Push apps: one per platform per product. Creating an app allocates its AccessID and keys and its default
 * push plan; rotating a key bumps `updated_at` so anything caching the app (auth, dispatcher) sees the change.
 */
import type { Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow, Database, Platform } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { ensureDefaultPlan } from '../plans/ensure-default-plan.ts';
import { FIRST_ACCESS_ID, generateAccessKey, generateSecretKey, type RotatableKey } from './app-keys.ts';

export interface NewAppInput {
  productId: number;
  platform: Platform;
  bundleId: string;
}

/** Attempts before giving up when concurrent creations race for the same next AccessID (PostgreSQL). */
const ALLOCATION_ATTEMPTS = 5;

/** Inserts an app inside `db` (a transaction when called while creating a product). */
export async function insertApp(ctx: ServerContext, db: Kysely<Database>, input: NewAppInput): Promise<AppRow> {
  const existing = await db
    .selectFrom('app').select('access_id')
    .where('product_id', '=', input.productId).where('platform', '=', input.platform)
    .executeTakeFirst();
  if (existing !== undefined) throw heraldError('APP_EXISTS', `The product already has a ${input.platform} app`);
  const max = await db.selectFrom('app').select((eb) => eb.fn.max('access_id').as('max')).executeTakeFirst();
  const current = max?.max === null || max?.max === undefined ? 0 : Number(max.max);
  const now = ctx.clock.now();
  const row: AppRow = {
    access_id: Math.max(FIRST_ACCESS_ID, current + 1),
    product_id: input.productId,
    platform: input.platform,
    bundle_id: input.bundleId,
    access_key: generateAccessKey(),
    secret_key_sealed: ctx.secretBox.seal(generateSecretKey()),
    service_mode: 'standard',
    im_sdk_app_id: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.insertInto('app').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw heraldError('APP_EXISTS', `The product already has a ${input.platform} app`, { race: true });
    throw err;
  }
  await ensureDefaultPlan(db, row.access_id, now);
  return row;
}

export async function createApp(ctx: ServerContext, input: NewAppInput): Promise<AppRow> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await ctx.store.transaction(async (trx) => {
        const product = await trx.selectFrom('product').select('product_id').where('product_id', '=', input.productId).executeTakeFirst();
        if (product === undefined) throw heraldError('PRODUCT_NOT_FOUND');
        return insertApp(ctx, trx, input);
      });
    } catch (err) {
      // A unique violation on the AccessID (not on product+platform) means another creation took the same id.
      const raced = (err as { details?: { race?: boolean } }).details?.race === true;
      if (!raced || attempt >= ALLOCATION_ATTEMPTS) throw err;
      const taken = await ctx.store.db.selectFrom('app').select('access_id')
        .where('product_id', '=', input.productId).where('platform', '=', input.platform).executeTakeFirst();
      if (taken !== undefined) throw heraldError('APP_EXISTS', `The product already has a ${input.platform} app`);
    }
  }
}

export async function findApp(db: Kysely<Database>, accessId: number): Promise<AppRow | undefined> {
  return db.selectFrom('app').selectAll().where('access_id', '=', accessId).executeTakeFirst();
}

export async function requireApp(db: Kysely<Database>, accessId: number): Promise<AppRow> {
  const row = await findApp(db, accessId);
  if (row === undefined) throw heraldError('APP_NOT_FOUND');
  return row;
}

export async function rotateAppKey(ctx: ServerContext, accessId: number, key: RotatableKey): Promise<AppRow> {
  const row = await requireApp(ctx.store.db, accessId);
  const now = Math.max(ctx.clock.now(), Number(row.updated_at) + 1);
  const update = key === 'accessKey'
    ? { access_key: generateAccessKey(), updated_at: now }
    : { secret_key_sealed: ctx.secretBox.seal(generateSecretKey()), updated_at: now };
  await ctx.store.db.updateTable('app').set(update).where('access_id', '=', accessId).execute();
  return requireApp(ctx.store.db, accessId);
}

/** Marks the app changed (credentials added or removed) so the dispatcher rebuilds its channel. */
export async function touchApp(db: Kysely<Database>, accessId: number, now: number): Promise<void> {
  const row = await db.selectFrom('app').select('updated_at').where('access_id', '=', accessId).executeTakeFirst();
  if (row === undefined) return;
  await db.updateTable('app').set({ updated_at: Math.max(now, Number(row.updated_at) + 1) }).where('access_id', '=', accessId).execute();
}

export async function updateAppBundleId(ctx: ServerContext, accessId: number, bundleId: string): Promise<AppRow> {
  const row = await requireApp(ctx.store.db, accessId);
  const now = Math.max(ctx.clock.now(), Number(row.updated_at) + 1);
  await ctx.store.db.updateTable('app').set({ bundle_id: bundleId, updated_at: now }).where('access_id', '=', accessId).execute();
  return requireApp(ctx.store.db, accessId);
}
