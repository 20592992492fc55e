export { ErrorCatalogue, errorCodes, type ErrorCode } from './errors/catalogue.ts';
export { HeraldError, heraldError, isHeraldError } from './errors/herald-error.ts';
export {
  AT_ALL,
  ELEMENT_TYPES,
  PRIORITIES,
  type ChatMessageEvent,
  type ElementType,
  type SendableElementType,
  type MessageElement,
  type MessagePriority,
  type OfflinePushInfo,
} from './chat/message.ts';
export type { OfflinePushConfig, OfflinePushConfigState } from './chat/offline-push-config.ts';
