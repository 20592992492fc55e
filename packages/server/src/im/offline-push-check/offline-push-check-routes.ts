/**
 * Management API of the offline push self-check (admin bearer token):
 * `GET /api/im/apps/:sdkAppId/users/:userId/offline-push-check`.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import { offlinePushSelfCheck } from './offline-push-self-check.ts';

const UserParams = Type.Object({
  sdkAppId: Type.String({ pattern: '^[0-9]{1,10}$' }),
  userId: Type.String({ pattern: '^[\\x20-\\x7e]{1,32}$' }),
});

export async function offlinePushCheckRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get(
    '/im/apps/:sdkAppId/users/:userId/offline-push-check',
    {
      schema: {
        tags: ['IM apps'], security: [{ adminBearer: [] }], params: UserParams,
        summary: "Offline push self-check: a user's devices, reports, certificates and credentials, why the last message was or was not pushed, and the problems found",
      },
    },
    async (request) => {
      const params = request.params as Static<typeof UserParams>;
      return offlinePushSelfCheck(ctx, Number(params.sdkAppId), params.userId);
    },
  );
}
