/**
 * `DELETE /api/apps/:accessId` (admin bearer token): one app with its data, refused while it is authorized to an
 * IM app. The product and its other apps stay.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import { deleteApp } from './delete-app.ts';

const AppParams = Type.Object({ accessId: Type.String({ pattern: '^[0-9]{1,15}$' }) });

export async function appDeletionRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.delete(
    '/apps/:accessId',
    {
      schema: {
        tags: ['Management'], security: [{ adminBearer: [] }], params: AppParams,
        summary: 'Delete an app and its data (the product stays); refused while authorized to an IM app',
      },
    },
    async (request, reply) => {
      const { accessId } = request.params as Static<typeof AppParams>;
      await deleteApp(ctx, Number(accessId));
      return reply.status(204).send();
    },
  );
}
