/**
 * Products: a named container with a category and an access point (a region label kept with its data, never
 * changed after creation), holding at most one app per platform. Ticking platforms at creation creates their
 * apps in the same transaction.
 */
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { AppRow, Platform, ProductRow } from '../../store/schema.ts';
import { insertApp } from '../apps/app-service.ts';
import { deleteAppData } from '../apps/delete-app-data.ts';

export interface NewProductInput {
  name: string;
  description: string;
  category: string;
  accessPoint: string;
  platforms: Array<{ platform: Platform; bundleId: string }>;
}

export interface ProductWithApps {
  product: ProductRow;
  apps: AppRow[];
}

export async function createProduct(ctx: ServerContext, input: NewProductInput): Promise<ProductWithApps> {
  const seen = new Set<Platform>();
  for (const { platform } of input.platforms) {
    if (seen.has(platform)) throw heraldError('APP_EXISTS', `${platform} is listed twice`);
    seen.add(platform);
  }
  return ctx.store.transaction(async (trx) => {
    const now = ctx.clock.now();
    const inserted = await trx
      .insertInto('product')
      .values({ name: input.name, description: input.description, category: input.category, access_point: input.accessPoint, created_at: now, updated_at: now })
      .returning('product_id')
      .executeTakeFirstOrThrow();
    const productId = Number(inserted.product_id);
    const apps: AppRow[] = [];
    for (const p of input.platforms) apps.push(await insertApp(ctx, trx, { productId, ...p }));
    const product = await trx.selectFrom('product').selectAll().where('product_id', '=', productId).executeTakeFirstOrThrow();
    return { product, apps };
  });
}

export async function listProducts(ctx: ServerContext): Promise<ProductWithApps[]> {
  const products = await ctx.store.db.selectFrom('product').selectAll().orderBy('product_id').execute();
  const apps = await ctx.store.db.selectFrom('app').selectAll().orderBy('access_id').execute();
  return products.map((product) => ({ product, apps: apps.filter((a) => Number(a.product_id) === Number(product.product_id)) }));
}

export async function getProduct(ctx: ServerContext, productId: number): Promise<ProductWithApps> {
  const product = await ctx.store.db.selectFrom('product').selectAll().where('product_id', '=', productId).executeTakeFirst();
  if (product === undefined) throw heraldError('PRODUCT_NOT_FOUND');
  const apps = await ctx.store.db.selectFrom('app').selectAll().where('product_id', '=', productId).orderBy('access_id').execute();
  return { product, apps };
}

/**
 * Deletes a product with its apps and all their data. Refused while any app is authorized to an IM app
 * (TPNS: "an authorised app cannot be deleted until it is unauthorised"); see push/authorization.
 */
export async function deleteProduct(ctx: ServerContext, productId: number): Promise<void> {
  await ctx.store.transaction(async (trx) => {
    const product = await trx.selectFrom('product').select('product_id').where('product_id', '=', productId).executeTakeFirst();
    if (product === undefined) throw heraldError('PRODUCT_NOT_FOUND');
    // Locked so an authorization racing this deletion either lands first (and is seen) or finds no app.
    let appQuery = trx.selectFrom('app').select(['access_id', 'im_sdk_app_id']).where('product_id', '=', productId);
    if (ctx.store.dialect === 'postgres') appQuery = appQuery.forUpdate();
    const apps = await appQuery.execute();
    const authorized = apps.find((a) => a.im_sdk_app_id !== null);
    if (authorized !== undefined) {
      throw heraldError('PRODUCT_AUTHORIZED', undefined, { accessId: Number(authorized.access_id), imSdkAppId: Number(authorized.im_sdk_app_id) });
    }
    for (const app of apps) await deleteAppData(trx, Number(app.access_id), ctx.clock.now());
    await trx.deleteFrom('product').where('product_id', '=', productId).execute();
  });
}
