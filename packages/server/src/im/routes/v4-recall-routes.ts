/** Tencent's recall REST API: openim/admin_msgwithdraw and group_open_http_svc/group_msg_recall. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';

export async function v4RecallRoutes(_scope: FastifyInstance, _ctx: ServerContext): Promise<void> {}
