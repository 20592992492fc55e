/** Tencent's group management REST API (group_open_http_svc): create_group, add_group_member, delete_group_member, destroy_group and the group reads. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';

export async function v4GroupRoutes(_scope: FastifyInstance, _ctx: ServerContext): Promise<void> {}
