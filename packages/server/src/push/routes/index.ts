/**
 * The route modules of each authenticated scope. Each module registers its routes on the scope it is given;
 * authentication for the scope is already in place (see http/build-server.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.ts';
import { adminRoutes } from './admin-routes.ts';
import { appDeletionRoutes } from '../apps/app-deletion-routes.ts';
import { pushAuthorizationRoutes } from '../authorization/push-authorization-routes.ts';
import { imAdminRoutes } from '../../im/routes/im-admin-routes.ts';
import { v4AccountRoutes } from '../../im/routes/v4-account-routes.ts';
import { v4OnlineStatusRoutes } from '../../im/routes/v4-online-status-routes.ts';
import { v4MessageRoutes } from '../../im/routes/v4-message-routes.ts';
import { v4GroupRoutes } from '../../im/routes/v4-group-routes.ts';
import { v4GroupMessageRoutes } from '../../im/routes/v4-group-message-routes.ts';
import { v4RecallRoutes } from '../../im/routes/v4-recall-routes.ts';
import { imWebhookRoutes } from '../../im/routes/im-webhook-routes.ts';
import { offlinePushConfigRoutes } from '../../im/offline-push-config/offline-push-config-routes.ts';
import { offlinePushCheckRoutes } from '../../im/offline-push-check/offline-push-check-routes.ts';
import { consolePushRoutes } from '../console/console-push-routes.ts';
import { imDirectoryRoutes } from '../../im/directory/im-directory-routes.ts';
import { deviceLookupRoutes } from '../lookup/device-lookup-routes.ts';
import { imRestScope } from '../../im/rest/im-rest-scope.ts';
import { sdkRoutes } from './sdk-routes.ts';
import { sdkWebPushRoutes } from './sdk-webpush-routes.ts';
import { v3DeviceRoutes } from './v3-device-routes.ts';
import { v3PushRoutes } from './v3-push-routes.ts';
import { v3StatisticsRoutes } from './v3-statistics-routes.ts';
import { wsRoutes } from '../../ws/ws-routes.ts';
import { sandboxRoutes } from '../../sandbox/sandbox-routes.ts';

export type RouteModule = (scope: FastifyInstance, ctx: ServerContext) => Promise<void>;

export const routeModules: { v3: RouteModule[]; sdk: RouteModule[]; api: RouteModule[]; v4: RouteModule[]; root: RouteModule[] } = {
  v3: [v3DeviceRoutes, v3PushRoutes, v3StatisticsRoutes],
  sdk: [sdkRoutes, sdkWebPushRoutes],
  /** Tencent IM REST API; each module installs what it needs on the scope (the IM REST auth hook comes first). */
  v4: [imRestScope, v4AccountRoutes, v4OnlineStatusRoutes, v4MessageRoutes, v4GroupRoutes, v4GroupMessageRoutes, v4RecallRoutes],
  /** Routes outside the scopes above, such as the chat WebSocket at /ws. */
  root: [wsRoutes],
  api: [adminRoutes, imAdminRoutes, imWebhookRoutes, appDeletionRoutes, pushAuthorizationRoutes, offlinePushConfigRoutes, offlinePushCheckRoutes, imDirectoryRoutes, deviceLookupRoutes, consolePushRoutes, sandboxRoutes],
};
