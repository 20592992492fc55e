/**
 * The route modules of each authenticated scope. Each module registers its routes on the scope it is given;
 * authentication for the scope is already in place (see http/build-server.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';

export type RouteModule = (scope: FastifyInstance, ctx: ServerContext) => Promise<void>;

export const routeModules: { v3: RouteModule[]; sdk: RouteModule[]; api: RouteModule[] } = {
  v3: [],
  sdk: [],
  api: [],
};
