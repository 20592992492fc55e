/**
 * Management API for third-party authorization (`/api/im/apps/:sdkAppId/push-authorizations`, admin bearer
 * token): which push apps an IM app pushes its offline pushes through. See push-authorization-service.ts.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import type { AuthorizedPushApp } from './authorized-push-apps.ts';
import { addPushAuthorization, listPushAuthorizations, removePushAuthorization } from './push-authorization-service.ts';

const SdkAppId = Type.String({ pattern: '^[0-9]{1,10}$' });
const ListParams = Type.Object({ sdkAppId: SdkAppId });
const OneParams = Type.Object({ sdkAppId: SdkAppId, accessId: Type.String({ pattern: '^[0-9]{1,15}$' }) });
const AddBody = Type.Object(
  { accessId: Type.Integer({ minimum: 1, maximum: 999_999_999_999_999, description: 'The push app (AccessID) to authorize' }) },
  { additionalProperties: false },
);

const security = [{ adminBearer: [] }];
const tags = ['IM apps'];

function toView(sdkAppId: number, a: AuthorizedPushApp) {
  return { sdkAppId, ...a };
}

export async function pushAuthorizationRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get('/im/apps/:sdkAppId/push-authorizations', { schema: { tags, security, params: ListParams, summary: 'Push apps this IM app is authorized to push through' } }, async (request) => {
    const sdkAppId = Number((request.params as Static<typeof ListParams>).sdkAppId);
    const authorizations = await listPushAuthorizations(ctx, sdkAppId);
    return { sdkAppId, authorizations: authorizations.map((a) => toView(sdkAppId, a)) };
  });

  scope.post(
    '/im/apps/:sdkAppId/push-authorizations',
    {
      schema: {
        tags, security, params: ListParams, body: AddBody,
        summary: 'Authorize the IM app to a push app: the push app becomes "IM push only" and gets its "IM message" plan',
        description: 'At most one IM app per push app (APP_ALREADY_AUTHORIZED). 201 when authorized now, 200 when it already was.',
      },
    },
    async (request, reply) => {
      const sdkAppId = Number((request.params as Static<typeof ListParams>).sdkAppId);
      const { accessId } = request.body as Static<typeof AddBody>;
      const { authorization, created } = await addPushAuthorization(ctx, sdkAppId, accessId);
      return reply.status(created ? 201 : 200).send(toView(sdkAppId, authorization));
    },
  );

  scope.delete(
    '/im/apps/:sdkAppId/push-authorizations/:accessId',
    { schema: { tags, security, params: OneParams, summary: 'Remove the authorization: the push app returns to standard mode; its "IM message" plan and statistics stay' } },
    async (request, reply) => {
      const { sdkAppId, accessId } = request.params as Static<typeof OneParams>;
      await removePushAuthorization(ctx, Number(sdkAppId), Number(accessId));
      return reply.status(204).send();
    },
  );
}
