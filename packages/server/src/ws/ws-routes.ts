/** The chat WebSocket endpoint `/ws` (docs/protocol.md), one gateway per server. */
import type { RouteModule } from '../push/routes/index.ts';
import { createChatGateway } from './gateway.ts';
import { opModules } from './ops/index.ts';

export const wsRoutes: RouteModule = async (scope, ctx) => {
  const gateway = await createChatGateway(ctx, { opModules });
  scope.get('/ws', { websocket: true, schema: { hide: true } }, (socket) => gateway.handleSocket(socket));
  scope.addHook('onClose', async () => gateway.close());
};
