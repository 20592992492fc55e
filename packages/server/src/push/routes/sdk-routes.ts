/**
 * The SDK device API (`/sdk/v1`, docs/sdk-api.md): register, refresh and unregister a device, bind accounts
 * and tags, sync the badge, report arrival and click receipts. Herald's error shape.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { Environment, Platform } from '../../store/schema.ts';
import { tokenAccounts, unbindTokenTypes, upsertTokenAccounts } from '../accounts/account-bindings.ts';
import { registerDevice, setDeviceBadge, unregisterDevice } from '../devices/device-service.ts';
import { createSdkAppAuthHook, requireSdkApp, requireSdkDevice } from '../devices/sdk-app-auth.ts';
import { MAX_ACCOUNT_LENGTH, MAX_TAG_API_LIST, MAX_TAG_LENGTH, isValidAccountType } from '../model/limits.ts';
import { recordReceipt } from '../stats/record-receipt.ts';
import { addTags, clearTags, deleteTags, replaceTags, tokenTags } from '../tags/tag-bindings.ts';

const Short = (maxLength: number) => Type.String({ maxLength });

const RegisterBody = Type.Object(
  {
    platform: Type.Union([Type.Literal('ios'), Type.Literal('android'), Type.Literal('web')]),
    channel: Type.String({ minLength: 1, maxLength: 32, description: "Vendor channel: 'apns' for iOS" }),
    vendorToken: Type.String({ minLength: 1, maxLength: 4096 }),
    environment: Type.Union([Type.Literal('product'), Type.Literal('dev')]),
    appVersion: Short(64),
    sdkVersion: Short(64),
    locale: Short(64),
    timeZone: Short(64),
    systemVersion: Type.Optional(Short(64)),
    deviceBrand: Type.Optional(Short(64)),
    deviceModel: Type.Optional(Short(64)),
    token: Type.Optional(Type.String({ pattern: '^[0-9a-f]{36}$' })),
    deviceSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);
type RegisterBody = Static<typeof RegisterBody>;

const TokenParams = Type.Object({ token: Type.String({ pattern: '^[0-9a-f]{36}$' }) });
const AccountItem = Type.Object({ accountType: Type.Integer({ default: 0 }), account: Type.String({ minLength: 1, maxLength: MAX_ACCOUNT_LENGTH }) }, { additionalProperties: false });
const UpsertAccountsBody = Type.Object({ accounts: Type.Array(AccountItem, { minItems: 1, maxItems: 100 }) }, { additionalProperties: false });
const DeleteAccountsBody = Type.Object({ accountTypes: Type.Optional(Type.Array(Type.Integer(), { maxItems: 100 })) }, { additionalProperties: false });
const Tag = Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH });
const TagsBody = Type.Object({ tags: Type.Array(Tag, { maxItems: MAX_TAG_API_LIST }) }, { additionalProperties: false });
const OptionalTagsBody = Type.Object({ tags: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAG_API_LIST })) }, { additionalProperties: false });
const TagsQuery = Type.Object({ offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) });
const BadgeBody = Type.Object({ badge: Type.Integer({ minimum: 0, maximum: 1_000_000 }) }, { additionalProperties: false });
const ReceiptBody = Type.Object({ pushId: Type.String({ minLength: 1, maxLength: 64 }), kind: Type.Union([Type.Literal('arrived'), Type.Literal('clicked')]) }, { additionalProperties: false });

const tags = ['SDK devices'];

/** DELETE bodies are optional: no body means "all". */
async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

function checkAccountTypes(types: readonly number[]): void {
  const bad = types.find((t) => !isValidAccountType(t));
  if (bad !== undefined) throw heraldError('ACCOUNT_TYPE_INVALID', `accountType ${bad} is not 0–16 or 991–1015`);
}

export async function sdkRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Registered as a child scope so the app-auth hook covers these routes only, not other modules' SDK routes.
  await scope.register(async (sdk) => {
    sdk.addHook('onRequest', createSdkAppAuthHook(ctx));

    sdk.post('/devices', { schema: { tags, summary: 'Register or refresh a device; returns its Herald token', body: RegisterBody } }, async (request) => {
      const app = requireSdkApp(request);
      const body = request.body as RegisterBody;
      if (body.token !== undefined && body.deviceSecret === undefined) throw heraldError('REQUEST_PARAM_MISSING', 'deviceSecret: required with token');
      const result = await registerDevice(ctx, app, { ...body, platform: body.platform as Platform, environment: body.environment as Environment });
      return { token: result.token, ...(result.deviceSecret === undefined ? {} : { deviceSecret: result.deviceSecret }), created: result.created };
    });

    sdk.delete('/devices/:token', { schema: { tags, summary: 'Unregister the device', params: TokenParams } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const device = await requireSdkDevice(ctx, request, token, { allowUnregistered: true });
      await unregisterDevice(ctx, device);
      return { token, status: 'unregistered' };
    });

    sdk.get('/devices/:token/accounts', { schema: { tags, params: TokenParams } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const device = await requireSdkDevice(ctx, request, token);
      return { accounts: await tokenAccounts(ctx.store.db, Number(device.access_id), token) };
    });

    sdk.put('/devices/:token/accounts', { schema: { tags, summary: 'Bind accounts, one per type (upsertAccountsByDict)', params: TokenParams, body: UpsertAccountsBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const { accounts } = request.body as Static<typeof UpsertAccountsBody>;
      checkAccountTypes(accounts.map((a) => a.accountType));
      const device = await requireSdkDevice(ctx, request, token);
      const accessId = Number(device.access_id);
      await ctx.store.transaction((trx) => upsertTokenAccounts(trx, accessId, token, accounts, ctx.clock.now()));
      return { accounts: await tokenAccounts(ctx.store.db, accessId, token) };
    });

    sdk.delete('/devices/:token/accounts', { preValidation: emptyBodyAsObject, schema: { tags, summary: 'Unbind accounts of the given types, or all', params: TokenParams, body: DeleteAccountsBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const types = (request.body as Static<typeof DeleteAccountsBody>).accountTypes;
      if (types !== undefined) checkAccountTypes(types);
      const device = await requireSdkDevice(ctx, request, token);
      const accessId = Number(device.access_id);
      await ctx.store.transaction((trx) => unbindTokenTypes(trx, accessId, token, types));
      return { accounts: await tokenAccounts(ctx.store.db, accessId, token) };
    });

    sdk.get('/devices/:token/tags', { schema: { tags, summary: 'Query tags', params: TokenParams, querystring: TagsQuery } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const query = request.query as Static<typeof TagsQuery>;
      const device = await requireSdkDevice(ctx, request, token);
      const limit = Math.min(Number(query.limit ?? 100), 1000);
      return tokenTags(ctx.store.db, Number(device.access_id), token, Number(query.offset ?? 0), limit);
    });

    sdk.post('/devices/:token/tags', { schema: { tags, summary: 'Append tags', params: TokenParams, body: TagsBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const body = request.body as Static<typeof TagsBody>;
      const device = await requireSdkDevice(ctx, request, token);
      const accessId = Number(device.access_id);
      await ctx.store.transaction((trx) => addTags(trx, accessId, body.tags.map((tag) => ({ token, tag })), ctx.clock.now()));
      return tokenTags(ctx.store.db, accessId, token, 0, 1000);
    });

    sdk.put('/devices/:token/tags', { schema: { tags, summary: 'Clear and append tags (category:value tags replace their category only)', params: TokenParams, body: TagsBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const body = request.body as Static<typeof TagsBody>;
      const device = await requireSdkDevice(ctx, request, token);
      const accessId = Number(device.access_id);
      await ctx.store.transaction((trx) => replaceTags(trx, accessId, token, [...new Set(body.tags)], ctx.clock.now()));
      return tokenTags(ctx.store.db, accessId, token, 0, 1000);
    });

    sdk.delete('/devices/:token/tags', { preValidation: emptyBodyAsObject, schema: { tags, summary: 'Delete the given tags, or all tags without a body', params: TokenParams, body: OptionalTagsBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const list = (request.body as Static<typeof OptionalTagsBody>).tags;
      const device = await requireSdkDevice(ctx, request, token);
      const accessId = Number(device.access_id);
      await ctx.store.transaction((trx) => (list === undefined ? clearTags(trx, accessId, token) : deleteTags(trx, accessId, list.map((tag) => ({ token, tag })))));
      return tokenTags(ctx.store.db, accessId, token, 0, 1000);
    });

    sdk.put('/devices/:token/badge', { schema: { tags, summary: 'Sync the app badge (base for badge_type -2)', params: TokenParams, body: BadgeBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const { badge } = request.body as Static<typeof BadgeBody>;
      const device = await requireSdkDevice(ctx, request, token);
      await setDeviceBadge(ctx, device, badge);
      return { badge };
    });

    sdk.post('/devices/:token/receipts', { schema: { tags, summary: 'Report that a push arrived or was clicked', params: TokenParams, body: ReceiptBody } }, async (request) => {
      const { token } = request.params as Static<typeof TokenParams>;
      const { pushId, kind } = request.body as Static<typeof ReceiptBody>;
      const device = await requireSdkDevice(ctx, request, token, { allowUnregistered: true });
      await recordReceipt(ctx, { accessId: Number(device.access_id), pushId, token, kind });
      return { pushId, kind };
    });
  });
}
