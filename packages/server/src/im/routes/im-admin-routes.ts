/**
 * Management API for IM apps (`/api/im/apps`, admin bearer token): SDKAppID, admins, auto-creation of accounts,
 * the secret key (shown only with `?reveal=1` and right after a rotation) and a UserSig tool for testing.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import {
  createImApp, deleteImApp, FIRST_SDK_APP_ID, listImApps, MAX_SDK_APP_ID, openImSecretKey, requireImApp, rotateImAppKey, updateImApp,
} from '../identity/im-app-service.ts';
import { toImAppView } from '../identity/im-app-view.ts';
import { genUserSig } from '../identity/user-sig.ts';

const UserId = Type.String({ minLength: 1, maxLength: 32, pattern: '^[\\x20-\\x7e]{1,32}$', description: "UserID: 1 to 32 bytes of printable ASCII (Tencent's rule)" });
const Admins = Type.Array(UserId, { minItems: 1, maxItems: 20, description: 'UserIDs allowed to call /v4 with their UserSig' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

const CreateBody = Type.Object(
  {
    sdkAppId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SDK_APP_ID, description: `Allocated from ${FIRST_SDK_APP_ID} upward when absent` })),
    name: Name,
    admins: Type.Optional(Admins),
    autoCreateUsers: Type.Optional(Type.Boolean({ description: 'A valid UserSig for an unknown UserID creates the account at login' })),
  },
  { additionalProperties: false },
);
const PatchBody = Type.Object(
  { name: Type.Optional(Name), admins: Type.Optional(Admins), autoCreateUsers: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
const UserSigBody = Type.Object(
  {
    userId: UserId,
    expireSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 * 365 * 86400, description: 'Default 180 days, like the IM console tool' })),
  },
  { additionalProperties: false },
);
const Params = Type.Object({ sdkAppId: Type.String({ pattern: '^[0-9]{1,10}$' }) });
const RevealQuery = Type.Object({ reveal: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])) });

const DEFAULT_USERSIG_EXPIRE = 180 * 86400;
const security = [{ adminBearer: [] }];
const tags = ['IM apps'];

export async function imAdminRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.post('/im/apps', { schema: { tags, security, summary: 'Create an IM app (SDKAppID, admins, secret key)', body: CreateBody } }, async (request, reply) => {
    const body = request.body as Static<typeof CreateBody>;
    const row = await createImApp(ctx, { sdkAppId: body.sdkAppId, name: body.name, admins: body.admins, autoCreateUsers: body.autoCreateUsers });
    return reply.status(201).send(toImAppView(row, ctx.secretBox, false));
  });

  scope.get('/im/apps', { schema: { tags, security, summary: 'List IM apps (never their keys)' } }, async () => ({
    apps: (await listImApps(ctx)).map((row) => toImAppView(row, ctx.secretBox, false)),
  }));

  scope.get('/im/apps/:sdkAppId', { schema: { tags, security, params: Params, querystring: RevealQuery, summary: 'An IM app; its secret key with ?reveal=1' } }, async (request) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    const { reveal } = request.query as Static<typeof RevealQuery>;
    return toImAppView(await requireImApp(ctx.store.db, Number(sdkAppId)), ctx.secretBox, reveal === '1' || reveal === 'true');
  });

  scope.patch('/im/apps/:sdkAppId', { schema: { tags, security, params: Params, body: PatchBody, summary: 'Change the name, admins or account auto-creation' } }, async (request) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    const body = request.body as Static<typeof PatchBody>;
    return toImAppView(await updateImApp(ctx, Number(sdkAppId), body), ctx.secretBox, false);
  });

  scope.post('/im/apps/:sdkAppId/rotate', { schema: { tags, security, params: Params, summary: 'Rotate the secret key: UserSigs signed with the old one stop verifying' } }, async (request) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    return toImAppView(await rotateImAppKey(ctx, Number(sdkAppId)), ctx.secretBox, true);
  });

  scope.delete('/im/apps/:sdkAppId', { schema: { tags, security, params: Params, summary: 'Delete an IM app with its accounts and devices' } }, async (request, reply) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    await deleteImApp(ctx, Number(sdkAppId));
    return reply.status(204).send();
  });

  scope.post('/im/apps/:sdkAppId/usersig', { schema: { tags, security, params: Params, body: UserSigBody, summary: 'Issue a UserSig (testing tool, like the IM console)' } }, async (request) => {
    const { sdkAppId } = request.params as Static<typeof Params>;
    const body = request.body as Static<typeof UserSigBody>;
    const app = await requireImApp(ctx.store.db, Number(sdkAppId));
    const expireSeconds = body.expireSeconds ?? DEFAULT_USERSIG_EXPIRE;
    const now = ctx.clock.now();
    const userSig = genUserSig({ sdkAppId: Number(app.sdk_app_id), secretKey: openImSecretKey(ctx, app), userId: body.userId, expireSeconds, now });
    return { sdkAppId: Number(app.sdk_app_id), userId: body.userId, userSig, expireSeconds, expiresAt: (Math.floor(now / 1000) + expireSeconds) * 1000 };
  });
}
