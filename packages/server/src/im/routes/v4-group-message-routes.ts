/** Tencent's group message REST API: group_open_http_svc/send_group_msg and group history. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';

export async function v4GroupMessageRoutes(_scope: FastifyInstance, _ctx: ServerContext): Promise<void> {}
