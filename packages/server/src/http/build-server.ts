/**
 * Builds the HTTP edge: one fastify instance with the raw-JSON parser TPNS signatures need, one error handler,
 * OpenAPI at /docs, health and metrics, and three authenticated scopes:
 * `/v3` (TPNS REST API, app SecretKey), `/sdk/v1` (device SDK, AccessKey + device secret) and `/api` (management:
 * admin bearer token or console session), plus the console's sign-in at `/console/api`.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ServerContext } from '../context.ts';
import { registerAdminAuth } from './admin-auth.ts';
import { registerErrorHandler } from './error-handler.ts';
import { healthRoutes } from './health-routes.ts';
import { registerRawJsonBody } from './raw-json-body.ts';
import { registerSdkCors } from './sdk-cors.ts';
import { createTpnsAuthHooks } from './tpns-auth.ts';
import { requireJsonObjectBody } from './tpns-body.ts';
import { routeModules } from '../push/routes/index.ts';
import { createChatSocketServer } from '../ws/chat-socket-server.ts';
import { registerConsoleStatic } from './console-static.ts';
import { consoleAdminRoutes } from '../console/console-admin-routes.ts';
import { consoleRoutes } from '../console/console-routes.ts';

export async function buildServer(ctx: ServerContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    bodyLimit: ctx.config.bodyLimitBytes,
    // Strict bodies: `{"seq": "1"}` is a wrong type, not a number (fastify coerces by default).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    // Path parameters (accounts, tokens, Web Push endpoints) are judged by each route's own schema, with Herald's
    // error codes; fastify's default of 100 characters would answer its own 414 first.
    routerOptions: { maxParamLength: 2048 },
    // Only the proxies named in HERALD_TRUST_PROXY may say who the client is and whether it came over https.
    ...(ctx.config.trustProxy === undefined ? {} : { trustProxy: ctx.config.trustProxy }),
  });
  registerRawJsonBody(app, ctx.config.bodyLimitBytes);
  registerErrorHandler(app);
  await app.register(multipart, { limits: { fileSize: ctx.config.uploadLimitBytes, files: 1, fields: 20 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Herald', version: '0.1.0', description: 'TPNS-compatible push API, device SDK API and management API' },
      components: {
        securitySchemes: {
          tpnsBasic: { type: 'http', scheme: 'basic', description: 'AccessID:SecretKey' },
          adminBearer: { type: 'http', scheme: 'bearer' },
          consoleSession: { type: 'apiKey', in: 'cookie', name: 'herald_console', description: 'Console sign-in; changes also need X-CSRF-Token' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(async (scope) => healthRoutes(scope, ctx));
  // The chat socket server; ws/ws-routes.ts takes the /ws upgrade on the HTTP server itself (see chat-socket-server.ts).
  app.decorate('websocketServer', createChatSocketServer({ maxPayload: ctx.config.wsMaxFrameBytes }));
  await app.register(async (scope) => {
    for (const register of routeModules.root) await register(scope, ctx);
  });
  await app.register(
    async (scope) => {
      for (const register of routeModules.v4) await register(scope, ctx);
    },
    { prefix: '/v4' },
  );

  await app.register(
    async (scope) => {
      const auth = createTpnsAuthHooks(ctx);
      scope.addHook('onRequest', auth.onRequest);
      scope.addHook('preValidation', auth.preValidation);
      scope.addHook('preValidation', requireJsonObjectBody);
      for (const register of routeModules.v3) await register(scope, ctx);
    },
    { prefix: '/v3' },
  );
  await app.register(
    async (scope) => {
      await registerSdkCors(scope);
      for (const register of routeModules.sdk) await register(scope, ctx);
    },
    { prefix: '/sdk/v1' },
  );
  await app.register(
    async (scope) => {
      registerAdminAuth(scope, ctx);
      for (const register of routeModules.api) await register(scope, ctx);
      await consoleAdminRoutes(scope, ctx);
    },
    { prefix: '/api' },
  );
  // The web console's sign-in; its other calls use /api with the session cookie.
  await app.register(async (scope) => consoleRoutes(scope, ctx), { prefix: '/console/api' });
  await registerConsoleStatic(app);
  return app;
}
