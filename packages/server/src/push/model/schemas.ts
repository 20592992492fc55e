/**
 * TypeBox schemas of the TPNS-compatible /v3 request bodies, with TPNS's field names. They describe shapes for
 * OpenAPI; the normalisers in this folder do the semantic checks and produce TPNS error codes. Extra fields are
 * allowed, as TPNS ignores them.
 */
import { Type, type Static } from 'typebox';
import {
  EXPIRE_TIME_MAX,
  MAX_ACCOUNT_BATCH_TOKENS,
  MAX_ACCOUNT_LENGTH,
  MAX_PLAN_DESCRIBE_LENGTH,
  MAX_PLAN_NAME_LENGTH,
  MAX_PUSH_TARGETS,
  MAX_RECORD_LIMIT,
  MAX_TAG_API_LIST,
  MAX_TAG_LENGTH,
  MAX_TAG_TOKEN_PAIRS,
  PUSH_SPEED_MAX,
  PUSH_SPEED_MIN,
  TOKEN_LENGTH,
} from './limits.ts';

const TagOperatorSchema = Type.Union([Type.Literal('AND'), Type.Literal('OR')]);
const Token = Type.String({ maxLength: TOKEN_LENGTH, description: 'Herald push token (36 characters)' });
const Tag = Type.String({ maxLength: MAX_TAG_LENGTH });
const YyyyMmDd = Type.String({ description: 'YYYY-MM-DD' });

const TagItemSchema = Type.Object({
  tags: Type.Array(Tag),
  is_not: Type.Boolean(),
  tags_operator: TagOperatorSchema,
  items_operator: TagOperatorSchema,
  tag_type: Type.String({ description: 'xg_user_define or xg_auto_*' }),
});

const TagRuleSchema = Type.Object({
  tag_items: Type.Array(TagItemSchema),
  operator: TagOperatorSchema,
  is_not: Type.Boolean(),
});

const ClockSchema = Type.Object({ hour: Type.String(), min: Type.String() });

const MessageSchema = Type.Object({
  title: Type.Optional(Type.String()),
  content: Type.Optional(Type.String()),
  accept_time: Type.Optional(Type.Array(Type.Object({ start: ClockSchema, end: ClockSchema }))),
  thread_id: Type.Optional(Type.String()),
  thread_sumtext: Type.Optional(Type.String()),
  xg_media_resources: Type.Optional(Type.String()),
  xg_media_audio_resources: Type.Optional(Type.String()),
  show_type: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 })),
  android: Type.Optional(
    Type.Object({ custom_content: Type.Optional(Type.String({ description: 'JSON string of an object' })) }),
  ),
  ios: Type.Optional(
    Type.Object({
      aps: Type.Optional(Type.Object({ badge_type: Type.Optional(Type.Integer({ minimum: -2 })) })),
      custom_content: Type.Optional(Type.String({ description: 'JSON string of an object' })),
    }),
  ),
});

/** POST /v3/push/app */
export const PushAppBody = Type.Object({
  audience_type: Type.Union(
    ['all', 'tag', 'token', 'token_list', 'account', 'account_list', 'package_account_push', 'package_token_push'].map((v) =>
      Type.Literal(v),
    ),
  ),
  message_type: Type.Union([Type.Literal('notify'), Type.Literal('message')]),
  message: MessageSchema,
  environment: Type.Optional(Type.Union([Type.Literal('product'), Type.Literal('dev')])),
  upload_id: Type.Optional(Type.Integer()),
  tag_rules: Type.Optional(Type.Array(TagRuleSchema)),
  tag_list: Type.Optional(Type.Object({ tags: Type.Array(Tag), op: TagOperatorSchema })),
  token_list: Type.Optional(Type.Array(Token, { maxItems: MAX_PUSH_TARGETS })),
  account_list: Type.Optional(Type.Array(Type.String({ maxLength: MAX_ACCOUNT_LENGTH }), { maxItems: MAX_PUSH_TARGETS })),
  account_type: Type.Optional(Type.Integer()),
  account_push_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  expire_time: Type.Optional(Type.Integer({ minimum: 0, maximum: EXPIRE_TIME_MAX })),
  send_time: Type.Optional(Type.String({ description: 'yyyy-MM-DD HH:MM:SS' })),
  multi_pkg: Type.Optional(Type.Boolean()),
  loop_param: Type.Optional(
    Type.Object({
      startDate: YyyyMmDd,
      endDate: YyyyMmDd,
      loopType: Type.Integer({ minimum: 1, maximum: 3 }),
      loopDayIndexs: Type.Array(Type.Integer()),
      dayTimes: Type.Array(Type.String({ description: 'HH:MM:SS' })),
    }),
  ),
  plan_id: Type.Optional(Type.String()),
  group_id: Type.Optional(Type.String({ description: 'Deprecated; use plan_id' })),
  ignore_invalid_token: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  push_speed: Type.Optional(Type.Integer({ minimum: PUSH_SPEED_MIN, maximum: PUSH_SPEED_MAX })),
  collapse_id: Type.Optional(Type.Integer()),
  force_collapse: Type.Optional(Type.Boolean()),
  channel_rules: Type.Optional(Type.Array(Type.Object({ channel: Type.String(), disable: Type.Boolean() }))),
  tpns_online_push_type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1 })),
  seq: Type.Optional(Type.Integer()),
});
export type PushAppBody = Static<typeof PushAppBody>;

/** POST /v3/push/cancel_timing_task */
export const CancelTimingTaskBody = Type.Object({ pushId: Type.String() });
export type CancelTimingTaskBody = Static<typeof CancelTimingTaskBody>;

/** POST /v3/push/stop_push_msg — TPNS spells the id both `pushId` and `pushid`. */
export const StopPushMsgBody = Type.Object({ pushId: Type.Optional(Type.String()), pushid: Type.Optional(Type.String()) });
export type StopPushMsgBody = Static<typeof StopPushMsgBody>;

/** POST /v3/push/plan/add_plan_push */
export const AddPlanPushBody = Type.Object({
  planName: Type.String({ maxLength: MAX_PLAN_NAME_LENGTH }),
  planDescribe: Type.Optional(Type.String({ maxLength: MAX_PLAN_DESCRIBE_LENGTH })),
});
export type AddPlanPushBody = Static<typeof AddPlanPushBody>;

const AccountRefSchema = Type.Object({
  account: Type.String({ maxLength: MAX_ACCOUNT_LENGTH }),
  account_type: Type.Optional(Type.Integer()),
});

/** POST /v3/device/account/batchoperate */
export const AccountBatchOperateBody = Type.Object({
  operator_type: Type.Integer({ minimum: 1, maximum: 5 }),
  token_accounts: Type.Optional(
    Type.Array(Type.Object({ token: Token, account_list: Type.Array(AccountRefSchema) }), { maxItems: MAX_ACCOUNT_BATCH_TOKENS }),
  ),
  token_list: Type.Optional(Type.Array(Token)),
  account_list: Type.Optional(Type.Array(AccountRefSchema)),
  account_type: Type.Optional(Type.Integer()),
});
export type AccountBatchOperateBody = Static<typeof AccountBatchOperateBody>;

/** POST /v3/device/account/query */
export const AccountQueryBody = Type.Object({
  operator_type: Type.Integer({ minimum: 1, maximum: 2 }),
  account_list: Type.Optional(Type.Array(AccountRefSchema)),
  token_list: Type.Optional(Type.Array(Token)),
});
export type AccountQueryBody = Static<typeof AccountQueryBody>;

/** POST /v3/device/tag */
export const DeviceTagBody = Type.Object({
  operator_type: Type.Integer({ minimum: 1, maximum: 10 }),
  token_list: Type.Optional(Type.Array(Token, { maxItems: MAX_TAG_API_LIST })),
  tag_list: Type.Optional(Type.Array(Tag, { maxItems: MAX_TAG_API_LIST })),
  tag_token_list: Type.Optional(Type.Array(Type.Object({ tag: Tag, token: Token }), { maxItems: MAX_TAG_TOKEN_PAIRS })),
});
export type DeviceTagBody = Static<typeof DeviceTagBody>;

/** POST /v3/device/tag/delete_all_device */
export const TagDeleteAllDeviceBody = Type.Object({ tag_list: Type.Array(Tag, { maxItems: MAX_TAG_API_LIST }) });
export type TagDeleteAllDeviceBody = Static<typeof TagDeleteAllDeviceBody>;

/** POST /v3/statistics/get_push_record — one task (`pushId`) or a date range, paged. */
export const GetPushRecordBody = Type.Object({
  pushId: Type.Optional(Type.String()),
  startDate: Type.Optional(YyyyMmDd),
  endDate: Type.Optional(YyyyMmDd),
  msgType: Type.Optional(Type.Union([Type.Literal('notify'), Type.Literal('message')])),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_RECORD_LIMIT })),
});
export type GetPushRecordBody = Static<typeof GetPushRecordBody>;

/** POST /v3/statistics/get_push_task_stat_channel */
export const GetPushTaskStatChannelBody = Type.Object({ pushId: Type.String() });
export type GetPushTaskStatChannelBody = Static<typeof GetPushTaskStatChannelBody>;

/** POST /v3/statistics/get_push_group_stat_channel — dates as YYYYMMDD. */
export const GetPushGroupStatChannelBody = Type.Object({
  planId: Type.Optional(Type.String()),
  groupId: Type.Optional(Type.String({ description: 'Deprecated; use planId' })),
  startDate: Type.Optional(Type.String({ description: 'YYYYMMDD' })),
  endDate: Type.Optional(Type.String({ description: 'YYYYMMDD' })),
});
export type GetPushGroupStatChannelBody = Static<typeof GetPushGroupStatChannelBody>;

/** POST /v3/statistics/get_push_channel_stat_overview */
export const GetPushChannelStatOverviewBody = Type.Object({ startDate: YyyyMmDd, endDate: YyyyMmDd });
export type GetPushChannelStatOverviewBody = Static<typeof GetPushChannelStatOverviewBody>;
