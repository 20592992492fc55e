export {
  createPushClient,
  SDK_VERSION,
  type AccountEntry,
  type PushClient,
  type PushClientOptions,
  type PushClientSession,
  type PushEnvironment,
  type PushPlatform,
  type RegisterOptions,
  type TagPage,
} from './create-push-client.ts';
export { createDefaultStorage, createMemoryStorage, createWebStorage, type PushStorage } from './push-storage.ts';
export { parseHeraldPayload, type HeraldPayloadInfo } from './parse-herald-payload.ts';
export { HeraldClientError, isHeraldClientError } from '../herald-client-error.ts';
