/** The chat WebSocket endpoint `/ws` (docs/protocol.md), one gateway per server, and the IM background tasks beside it. */
import type { RouteModule } from '../push/routes/index.ts';
import { imBackgroundTasks } from '../im/background-tasks.ts';
import { attachChatUpgrade } from './chat-socket-server.ts';
import { createChatGateway } from './gateway.ts';
import { opModules } from './ops/index.ts';

export const wsRoutes: RouteModule = async (scope, ctx) => {
  // The context's bus (in-process, or Redis when scaled out); the context closes it after the server.
  const gateway = await createChatGateway(ctx, { opModules, bus: ctx.bus });
  const realtime = { deliverToUser: gateway.deliverToUser.bind(gateway), deliverFrames: gateway.deliverFrames.bind(gateway) };
  const tasks = imBackgroundTasks.map((start) => start(ctx, realtime));
  const detachUpgrade = attachChatUpgrade(scope.server, { path: '/ws', wss: scope.websocketServer, onSocket: (socket) => gateway.handleSocket(socket) });
  // preClose, not onClose: fastify closes the HTTP server before the onClose hooks run, and that waits for every
  // socket to end; the gateway must close them first, with 1001 "going away".
  scope.addHook('preClose', async () => {
    detachUpgrade();
    await Promise.all(tasks.map((task) => task.stop()));
    await gateway.close();
  });
};
