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
