export type {
  ChannelId,
  PushEnvironment,
  DeliveryTarget,
  ChannelNotification,
  PushOutcome,
  OutcomeKind,
  PushChannel,
  ChannelObserver,
} from './types.ts';
export * from './apns/index.ts';
export * from './fcm/index.ts';
export * from './xiaomi/index.ts';
export * from './oppo/index.ts';
export * from './vivo/index.ts';
export * from './meizu/index.ts';
export * from './webpush/index.ts';
export {
  createHuaweiChannel, parseHuaweiCredential, validateHuaweiCredential, shapeHuaweiText, HUAWEI_TEXT_LIMITS,
  type HuaweiChannel, type HuaweiChannelOptions, type HuaweiCredential,
} from './huawei/index.ts';
export * from './honor/index.ts';
