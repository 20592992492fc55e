export {
  buildCallPushExt,
  buildChatPushExt,
  OFFLINE_PUSH_ACTION_CALL,
  OFFLINE_PUSH_ACTION_CHAT,
  OFFLINE_PUSH_CHAT_TYPE_C2C,
  OFFLINE_PUSH_CHAT_TYPE_GROUP,
  OFFLINE_PUSH_ENTITY_VERSION,
  type CallPushContent,
  type CallPushExtOptions,
  type ChatPushExtOptions,
  type OfflinePushEntity,
  type TimPushFeatures,
} from './offline-push-entity.ts';
export {
  isCallTimedOut,
  offlinePushRoute,
  parseOfflinePushExt,
  readOfflinePushEntity,
  routeOfNotification,
  type OfflinePushCall,
  type OfflinePushRoute,
} from './offline-push-route.ts';
