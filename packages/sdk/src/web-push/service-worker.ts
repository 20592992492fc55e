/**
 * The Herald service worker, ready to bundle as the site's worker script (or to import from one):
 *
 *   // sw.ts
 *   import '@herald/sdk/web-push/service-worker';
 *
 * It adds Herald's `push`, `notificationclick` and `pushsubscriptionchange` listeners to the worker's scope
 * (web-push-worker-handlers.ts). Apps that want options (`onError`, a `fetch`) call `installWebPushHandlers`
 * themselves instead of importing this file.
 */
import type { ServiceWorkerScopeLike } from './service-worker-scope.ts';
import { installWebPushHandlers } from './web-push-worker-handlers.ts';

installWebPushHandlers(self as unknown as ServiceWorkerScopeLike);
