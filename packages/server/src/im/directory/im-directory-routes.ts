/**
 * Management API of the console's IM lists (admin bearer token or console session):
 * `GET /api/im/apps/:sdkAppId/users` and `GET /api/im/apps/:sdkAppId/groups`, paged, with an ID prefix. Read only.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ServerContext } from '../../context.ts';
import { DIRECTORY_PAGE_MAX, listImGroups, listImUsers, type DirectoryPage } from './im-directory.ts';

const Params = Type.Object({ sdkAppId: Type.String({ pattern: '^[0-9]{1,10}$' }) });
const PageQuery = Type.Object({
  prefix: Type.Optional(Type.String({ pattern: '^[\\x20-\\x7e]{1,32}$', description: 'Only IDs starting with this (exact case)' })),
  offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Rows to skip; default 0' })),
  limit: Type.Optional(Type.String({ pattern: `^([1-9][0-9]?|${DIRECTORY_PAGE_MAX})$`, description: `Rows per page, 1 to ${DIRECTORY_PAGE_MAX}; default 20` })),
});

const DEFAULT_LIMIT = 20;
const security = [{ adminBearer: [] }];
const tags = ['IM apps'];

function pageOf(query: Static<typeof PageQuery>): DirectoryPage {
  return { prefix: query.prefix ?? '', offset: Number(query.offset ?? 0), limit: Number(query.limit ?? DEFAULT_LIMIT) };
}

export async function imDirectoryRoutes(scope: FastifyInstance, ctx: ServerContext): Promise<void> {
  scope.get(
    '/im/apps/:sdkAppId/users',
    { schema: { tags, security, params: Params, querystring: PageQuery, summary: "A page of the IM app's accounts by UserID, each with its devices' states (Online, Background, PushOnline, Offline)" } },
    async (request) => {
      const { sdkAppId } = request.params as Static<typeof Params>;
      return listImUsers(ctx.store.db, Number(sdkAppId), pageOf(request.query as Static<typeof PageQuery>));
    },
  );

  scope.get(
    '/im/apps/:sdkAppId/groups',
    { schema: { tags, security, params: Params, querystring: PageQuery, summary: "A page of the IM app's groups by group ID, with type and member count" } },
    async (request) => {
      const { sdkAppId } = request.params as Static<typeof Params>;
      return listImGroups(ctx.store.db, Number(sdkAppId), pageOf(request.query as Static<typeof PageQuery>));
    },
  );
}
