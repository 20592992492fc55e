export { enableWebPush, disableWebPush, type EnableWebPushOptions, type DisableWebPushOptions, type WebPushClientInput } from './enable-web-push.ts';
export {
  installWebPushHandlers,
  handlePush,
  handleNotificationClick,
  handlePushSubscriptionChange,
  type WebPushWorkerOptions,
  type WebPushWorkerEvent,
  type WebPushWindowMessage,
} from './web-push-worker-handlers.ts';
export { readWebPushPayload, type HeraldWebNotification, type HeraldWebMessage, type HeraldNotificationData } from './read-web-push-payload.ts';
export { fetchVapidPublicKey, type VapidKeySource } from './fetch-vapid-public-key.ts';
export { readWebPushWorkerConfig, type WebPushWorkerConfig } from './web-push-worker-store.ts';
export type { ServiceWorkerScopeLike } from './service-worker-scope.ts';
