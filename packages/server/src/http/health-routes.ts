import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

/** Liveness, readiness and Prometheus metrics: unauthenticated, as load balancers and scrapers expect. */
export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    if (ctx.readiness.shuttingDown) return reply.status(503).send({ status: 'shutting_down' });
    try {
      await ctx.store.ping();
    } catch {
      return reply.status(503).send({ status: 'store_unavailable' });
    }
    return { status: 'ready' };
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    ctx.metrics.queueDepth.set(await ctx.store.queue.depth());
    return reply.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
}
