/** An IM app's webhook (third-party callback) settings under /api/im/apps/:sdkAppId/callback. */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';

export async function imWebhookRoutes(_scope: FastifyInstance, _ctx: ServerContext): Promise<void> {}
