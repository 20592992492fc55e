/**
 * The normalised form of a /v3/push/app body: typed, defaults applied, TPNS rules checked. Plain JSON data, so
 * it can be stored as the task's `request_json` and read back.
 */
import type { ChannelId, PushEnvironment } from '@herald/channels';
import type { JsonObject } from './field-reader.ts';
import type { TagRule } from './tag-rules.ts';

export type AudienceType =
  | 'all'
  | 'tag'
  | 'token'
  | 'token_list'
  | 'account'
  | 'account_list'
  | 'package_account_push'
  | 'package_token_push';

export type MessageType = 'notify' | 'message';

/** TPNS channel ids used by `channel_rules`, plus Herald's `web` (Web Push). */
export type TpnsChannel = 'xg' | 'hw' | 'xm' | 'mz' | 'vivo' | 'oppo' | 'apns' | 'honor' | 'fcm' | 'web';

export type Audience =
  | { type: 'all' }
  /** `tagRules` holds the legacy `tag_list` too, converted; `legacyTagList` says which form was sent. */
  | { type: 'tag'; tagRules: TagRule[]; legacyTagList: boolean }
  /** For `token`, only the first token of `token_list`. Deduplicated, in request order. */
  | { type: 'token' | 'token_list'; tokens: string[] }
  /** For `account`, only the first account of `account_list`. Deduplicated, in request order. */
  | { type: 'account' | 'account_list'; accounts: string[] }
  | { type: 'package_account_push' | 'package_token_push'; uploadId: number };

export interface AcceptTimeWindow {
  start: { hour: number; min: number };
  end: { hour: number; min: number };
}

/** Herald extension `message.ios.push_type`: `voip` goes to PushKit (the `.voip` topic, the VoIP credential). */
export type IosPushType = 'alert' | 'voip';

export interface IosMessage {
  /** `message.ios.aps` minus TPNS-only keys (`badge_type`); keys are otherwise as sent. */
  aps: JsonObject;
  /** `aps.badge_type`: -1 unchanged, -2 add one (server counter), n >= 0 set. Absent = unchanged. */
  badgeType?: number;
  /** `ios.custom_content`, parsed: becomes top-level keys beside `aps`. */
  customContent?: JsonObject;
  /** Herald extension `ios.push_type: "voip"`; absent for TPNS's own pushes (alert or background). */
  pushType?: 'voip';
  /** Herald extension `ios.content_available: 1`: an alert push that also wakes the app (`aps.content-available`). */
  contentAvailable?: true;
}

/** OPPO's message category (`IM`, `ACCOUNT`, … `NEWS`, `MARKETING`, …) and reminder level. */
export interface OppoVendorOptions {
  category?: string;
  /** 1 shade, 2 shade + lock screen, 16 shade + lock screen + banner + ring + vibrate (category IM only). */
  notifyLevel?: 1 | 2 | 16;
}

/**
 * The per-vendor settings TPNS has no field for, sent as Herald extensions of `message.android` (tpns-and-im
 * offline push §4.4, §4.7: Tencent IM's `OPPOCategory`, `HonorImportance`, `GoogleImage` …). Validated by
 * android-vendor-options.ts; each driver hands its own part to its builder.
 */
export interface AndroidVendorOptions {
  oppo?: OppoVendorOptions;
  honor?: { importance?: 'LOW' | 'NORMAL'; image?: string };
  huawei?: { image?: string };
  fcm?: { image?: string; priority?: 'NORMAL' | 'HIGH' };
  /** vivo `notifyType`: 1 none, 2 ring, 3 vibrate, 4 both. */
  vivo?: { notifyType?: 1 | 2 | 3 | 4 };
  /** Meizu `noticeMsgType`: 0 public (公信) message, 1 private (私信) message. */
  meizu?: { noticeMsgType?: 0 | 1 };
}

export interface AndroidMessage {
  /** `message.android` as sent (vendor builders read what they need). */
  raw: JsonObject;
  /** `android.custom_content`, parsed. */
  customContent?: JsonObject;
  badgeType?: number;
  /** The Herald vendor extensions that were sent; absent when none was. */
  vendor?: AndroidVendorOptions;
}

export interface PushMessage {
  /** "" when not sent (iOS silent pushes need neither title nor content). */
  title: string;
  content: string;
  acceptTime?: AcceptTimeWindow[];
  threadId?: string;
  threadSumtext?: string;
  xgMediaResources?: string;
  xgMediaAudioResources?: string;
  /** 1 hide in foreground, 2 show (default). */
  showType?: 1 | 2;
  ios?: IosMessage;
  android?: AndroidMessage;
}

export interface LoopParam {
  startDate: string;
  endDate: string;
  loopType: 1 | 2 | 3;
  loopDayIndexs: number[];
  dayTimes: string[];
  /** Herald validates and stores loop_param but does not schedule the recurrence yet: the task is sent once. */
  recurrenceScheduled: false;
}

export interface PushRequest {
  audience: Audience;
  messageType: MessageType;
  message: PushMessage;
  environment: PushEnvironment;
  /** Seconds of offline retention after send; 0 = real-time only. Already raised to 800 / bounded by 259200. */
  expireTime: number;
  /** Epoch ms when dispatch may start: `send_time`, or `ctx.now` when absent or in the past. */
  sendAt: number;
  /** True when `send_time` put the task in the future. */
  scheduled: boolean;
  accountType: number;
  accountPushType: 0 | 1;
  ignoreInvalidToken: boolean;
  pushSpeed?: number;
  collapseId?: number;
  forceCollapse: boolean;
  multiPkg: boolean;
  tpnsOnlinePushType: 0 | 1;
  planId?: string;
  /** Deprecated by TPNS in favour of plan_id; kept for statistics. */
  groupId?: string;
  seq: number;
  channelRules: { channel: TpnsChannel; disable: boolean }[];
  /** Herald channels switched off by `channel_rules` (`xg` has no Herald counterpart). */
  disabledChannels: ChannelId[];
  loop?: LoopParam;
  /** Human-readable notes on accepted-but-not-honoured fields (e.g. loop_param), for logs and the console. */
  notes: string[];
}
