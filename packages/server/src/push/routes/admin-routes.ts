/**
 * Management API for products, apps and their push credentials (`/api`, admin bearer token). Responses never
 * carry credential secrets; app keys appear only on `?reveal=1` and right after a rotation.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import type { Environment, Platform } from '../../store/schema.ts';
import { createApp, requireApp, rotateAppKey, updateAppBundleId } from '../apps/app-service.ts';
import { toAppView } from '../apps/app-view.ts';
import { deleteApnsCredential, listCredentials, putApnsCredential } from '../credentials/apns-credential-service.ts';
import { deleteChannelCredential, ensureWebPushCredential, putChannelCredential, recheckChannelCredential } from '../credentials/channel-credential-service.ts';
import { readCredentialUpload } from '../credentials/read-credential-upload.ts';
import { createProduct, deleteProduct, getProduct, listProducts } from '../products/product-service.ts';
import { toProductView } from '../products/product-view.ts';

const PlatformSchema = Type.Union([Type.Literal('ios'), Type.Literal('android'), Type.Literal('web')]);
const BundleId = Type.String({ minLength: 1, maxLength: 255, pattern: '^\\S+$', description: 'iOS bundle ID, Android package name, or web origin' });
const AppInput = Type.Object({ platform: PlatformSchema, bundleId: BundleId }, { additionalProperties: false });

const CreateProductBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    category: Type.Optional(Type.String({ maxLength: 100 })),
    accessPoint: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$', description: 'Region label: guangzhou, shanghai, hongkong, singapore, or your own' }),
    platforms: Type.Optional(Type.Array(AppInput, { maxItems: 3 })),
  },
  { additionalProperties: false },
);
type CreateProductBody = Static<typeof CreateProductBody>;

const ProductParams = Type.Object({ productId: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const AppParams = Type.Object({ accessId: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const EnvironmentSchema = Type.Union([Type.Literal('product'), Type.Literal('dev')]);
const CredentialParams = Type.Object({ accessId: Type.String({ pattern: '^[0-9]{1,15}$' }), environment: EnvironmentSchema });
const VendorChannel = Type.Union(
  ['fcm', 'huawei', 'honor', 'xiaomi', 'oppo', 'vivo', 'meizu', 'webpush'].map((c) => Type.Literal(c)),
  { description: 'Vendor channel (APNs has its own per-environment route)' },
);
const ChannelCredentialParams = Type.Object({ accessId: Type.String({ pattern: '^[0-9]{1,15}$' }), channel: VendorChannel });
const ChannelCredentialBody = Type.Object({}, {
  additionalProperties: true,
  description: "The channel's fields as its vendor console names them; see docs/channels.md",
});
const RevealQuery = Type.Object({ reveal: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])) });
const RotateBody = Type.Object({ key: Type.Union([Type.Literal('accessKey'), Type.Literal('secretKey')]) }, { additionalProperties: false });
const PatchAppBody = Type.Object({ bundleId: BundleId }, { additionalProperties: false });

const security = [{ adminBearer: [] }];
const tags = ['Management'];

export async function adminRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.post('/products', { schema: { tags, security, summary: 'Create a product (and apps for ticked platforms)', body: CreateProductBody } }, async (request, reply) => {
    const body = request.body as CreateProductBody;
    const created = await createProduct(ctx, {
      name: body.name,
      description: body.description ?? '',
      category: body.category ?? '',
      accessPoint: body.accessPoint,
      platforms: (body.platforms ?? []).map((p) => ({ platform: p.platform as Platform, bundleId: p.bundleId })),
    });
    for (const app of created.apps) await ensureWebPushCredential(ctx, app);
    return reply.status(201).send(toProductView(created, ctx.secretBox));
  });

  scope.get('/products', { schema: { tags, security, summary: 'List products with their apps' } }, async () => ({
    products: (await listProducts(ctx)).map((p) => toProductView(p, ctx.secretBox)),
  }));

  scope.get('/products/:productId', { schema: { tags, security, params: ProductParams } }, async (request) => {
    const { productId } = request.params as Static<typeof ProductParams>;
    return toProductView(await getProduct(ctx, Number(productId)), ctx.secretBox);
  });

  scope.delete('/products/:productId', { schema: { tags, security, params: ProductParams, summary: 'Delete a product, its apps and their data' } }, async (request, reply) => {
    const { productId } = request.params as Static<typeof ProductParams>;
    await deleteProduct(ctx, Number(productId));
    return reply.status(204).send();
  });

  scope.post('/products/:productId/apps', { schema: { tags, security, params: ProductParams, body: AppInput, summary: 'Add an app for a platform' } }, async (request, reply) => {
    const { productId } = request.params as Static<typeof ProductParams>;
    const body = request.body as Static<typeof AppInput>;
    const row = await createApp(ctx, { productId: Number(productId), platform: body.platform as Platform, bundleId: body.bundleId });
    await ensureWebPushCredential(ctx, row);
    return reply.status(201).send(toAppView(row, ctx.secretBox, false));
  });

  scope.get('/apps/:accessId', { schema: { tags, security, params: AppParams, querystring: RevealQuery, summary: 'An app; keys with ?reveal=1' } }, async (request) => {
    const { accessId } = request.params as Static<typeof AppParams>;
    const { reveal } = request.query as Static<typeof RevealQuery>;
    return toAppView(await requireApp(ctx.store.db, Number(accessId)), ctx.secretBox, reveal === '1' || reveal === 'true');
  });

  scope.patch('/apps/:accessId', { schema: { tags, security, params: AppParams, body: PatchAppBody, summary: 'Change the bundle ID / package name' } }, async (request) => {
    const { accessId } = request.params as Static<typeof AppParams>;
    const { bundleId } = request.body as Static<typeof PatchAppBody>;
    return toAppView(await updateAppBundleId(ctx, Number(accessId), bundleId), ctx.secretBox, false);
  });

  scope.post('/apps/:accessId/rotate', { schema: { tags, security, params: AppParams, body: RotateBody, summary: 'Rotate the AccessKey or SecretKey' } }, async (request) => {
    const { accessId } = request.params as Static<typeof AppParams>;
    const { key } = request.body as Static<typeof RotateBody>;
    return toAppView(await rotateAppKey(ctx, Number(accessId), key), ctx.secretBox, true);
  });

  scope.get('/apps/:accessId/credentials', { schema: { tags, security, params: AppParams, summary: 'Push credentials (meta only, never the secret)' } }, async (request) => {
    const { accessId } = request.params as Static<typeof AppParams>;
    return { credentials: await listCredentials(ctx, Number(accessId)) };
  });

  scope.put(
    '/apps/:accessId/credentials/apns/:environment',
    {
      schema: {
        tags, security, params: CredentialParams,
        summary: 'Upload an APNs .p8 key or .p12 certificate (JSON, or multipart with the file)',
        description: "JSON: {kind:'p8', keyId, teamId, key} or {kind:'p12', p12 (base64), password}. Multipart: a file field plus kind/keyId/teamId/password fields.",
      },
    },
    async (request) => {
      const { accessId, environment } = request.params as Static<typeof CredentialParams>;
      const upload = await readCredentialUpload(request);
      return putApnsCredential(ctx, Number(accessId), environment as Environment, upload);
    },
  );

  scope.delete('/apps/:accessId/credentials/apns/:environment', { schema: { tags, security, params: CredentialParams } }, async (request, reply) => {
    const { accessId, environment } = request.params as Static<typeof CredentialParams>;
    await deleteApnsCredential(ctx, Number(accessId), environment as Environment);
    return reply.status(204).send();
  });

  scope.put(
    '/apps/:accessId/credentials/:channel',
    {
      schema: {
        tags, security, params: ChannelCredentialParams, body: ChannelCredentialBody,
        summary: 'Save a vendor channel credential; the vendor is asked whether it works before it is stored',
        description: 'CREDENTIAL_REJECTED with the vendor\'s reason when the vendor refuses it. When the vendor cannot be reached it is stored with check.status "unverified".',
      },
    },
    async (request) => {
      const { accessId, channel } = request.params as Static<typeof ChannelCredentialParams>;
      return putChannelCredential(ctx, Number(accessId), channel, request.body);
    },
  );

  scope.post('/apps/:accessId/credentials/:channel/check', { schema: { tags, security, params: ChannelCredentialParams, summary: 'Ask the vendor again whether the stored credential works' } }, async (request) => {
    const { accessId, channel } = request.params as Static<typeof ChannelCredentialParams>;
    return recheckChannelCredential(ctx, Number(accessId), channel);
  });

  scope.delete('/apps/:accessId/credentials/:channel', { schema: { tags, security, params: ChannelCredentialParams } }, async (request, reply) => {
    const { accessId, channel } = request.params as Static<typeof ChannelCredentialParams>;
    await deleteChannelCredential(ctx, Number(accessId), channel);
    return reply.status(204).send();
  });
}
