/** The chat WebSocket endpoint `/ws` (docs/protocol.md), one gateway per server, and the IM background tasks beside it. */
import type { RouteModule } from '../push/routes/index.ts';
import { imBackgroundTasks } from '../im/background-tasks.ts';
import { createChatGateway } from './gateway.ts';
import { opModules } from './ops/index.ts';

export const wsRoutes: RouteModule = async (scope, ctx) => {
  // The context's bus (in-process, or Redis when scaled out); the context closes it after the server.
  const gateway = await createChatGateway(ctx, { opModules, bus: ctx.bus });
  const realtime = { deliverToUser: gateway.deliverToUser.bind(gateway) };
  const tasks = imBackgroundTasks.map((start) => start(ctx, realtime));
  scope.get('/ws', { websocket: true, schema: { hide: true } }, (socket) => gateway.handleSocket(socket));
  scope.addHook('onClose', async () => {
    await Promise.all(tasks.map((task) => task.stop()));
    await gateway.close();
  });
};
