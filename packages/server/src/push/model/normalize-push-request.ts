/**
 * Validates and normalises a /v3/push/app body (TPNS push API, tencentcloud.com/document/product/1024/33764).
 * Error codes: missing field → REQUEST_PARAM_MISSING (1008002), wrong type or value → REQUEST_PARAM_INVALID
 * (1008007), malformed date → REQUEST_DATE_INVALID (1008016), send_time out of range or not allowed for the
 * audience → PUSH_TIME_INVALID (10010012), message over 4 KB → PUSH_PAYLOAD_TOO_LARGE. Messages name the field.
 */
import { heraldError } from '@herald/protocol';
import type { ChannelId } from '@herald/channels';
import {
  asObject,
  invalidField,
  missingField,
  optionalArray,
  optionalBoolean,
  optionalChoice,
  optionalInteger,
  optionalObject,
  optionalString,
  requiredInteger,
  requiredList,
  requiredString,
  stringEntry,
  type JsonObject,
} from './field-reader.ts';
import {
  EXPIRE_TIME_DEFAULT,
  EXPIRE_TIME_FLOOR,
  EXPIRE_TIME_MAX,
  isValidAccountType,
  MAX_ACCOUNT_LENGTH,
  MAX_PUSH_TARGETS,
  MAX_SCHEDULE_MS,
  MIN_ACCOUNT_LENGTH_API,
  PUSH_SPEED_MAX,
  PUSH_SPEED_MIN,
  TOKEN_LENGTH,
} from './limits.ts';
import { normalizeMessage, type PushPlatform } from './normalize-message.ts';
import type { Audience, AudienceType, LoopParam, MessageType, PushRequest, TpnsChannel } from './push-request.ts';
import { checkTpnsTimeOfDay, parseTpnsDate, parseTpnsDateTime } from './send-time.ts';
import { legacyTagListToRules, normalizeLegacyTagList, normalizeTagRules } from './tag-rules.ts';

export interface PushRequestContext {
  platform: PushPlatform;
  /** Epoch ms. */
  now: number;
  /** Offset at which `send_time` and loop dates are read (TPNS: +480). */
  utcOffsetMinutes: number;
}

const AUDIENCE_TYPES: readonly AudienceType[] = [
  'all',
  'tag',
  'token',
  'token_list',
  'account',
  'account_list',
  'package_account_push',
  'package_token_push',
];
/** Audiences that may be scheduled, looped and throttled (send_time, loop_param, push_speed). */
const BROADCAST_AUDIENCES: ReadonlySet<AudienceType> = new Set(['all', 'tag', 'package_account_push', 'package_token_push']);

const TPNS_CHANNELS: Readonly<Record<TpnsChannel, ChannelId | undefined>> = {
  xg: undefined,
  hw: 'huawei',
  xm: 'xiaomi',
  mz: 'meizu',
  vivo: 'vivo',
  oppo: 'oppo',
  apns: 'apns',
  honor: 'honor',
  fcm: 'fcm',
  web: 'webpush',
};

function oneOf<T extends string>(value: string, allowed: readonly T[], path: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw invalidField(path, `must be one of ${allowed.join(', ')}`);
  return value as T;
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

function tokens(body: JsonObject, single: boolean): string[] {
  const list = requiredList(body, 'token_list', 'token_list', single ? Number.MAX_SAFE_INTEGER : MAX_PUSH_TARGETS);
  const used = single ? list.slice(0, 1) : list;
  return dedupe(used.map((t, i) => stringEntry(t, `token_list[${i}]`, TOKEN_LENGTH)));
}

function accounts(body: JsonObject, single: boolean): string[] {
  const list = requiredList(body, 'account_list', 'account_list', single ? Number.MAX_SAFE_INTEGER : MAX_PUSH_TARGETS);
  const used = single ? list.slice(0, 1) : list;
  return dedupe(used.map((a, i) => stringEntry(a, `account_list[${i}]`, MAX_ACCOUNT_LENGTH, MIN_ACCOUNT_LENGTH_API)));
}

function audience(body: JsonObject, type: AudienceType): Audience {
  switch (type) {
    case 'all':
      return { type };
    case 'tag': {
      // "If both tag_rules and tag_list are specified, tag_list becomes invalid automatically."
      if (body['tag_rules'] !== undefined && body['tag_rules'] !== null) {
        return { type, tagRules: normalizeTagRules(body['tag_rules']), legacyTagList: false };
      }
      if (body['tag_list'] !== undefined && body['tag_list'] !== null) {
        return { type, tagRules: legacyTagListToRules(normalizeLegacyTagList(body['tag_list'])), legacyTagList: true };
      }
      throw missingField('tag_rules');
    }
    case 'token':
    case 'token_list':
      return { type, tokens: tokens(body, type === 'token') };
    case 'account':
    case 'account_list':
      return { type, accounts: accounts(body, type === 'account') };
    case 'package_account_push':
    case 'package_token_push': {
      const uploadId = requiredInteger(body, 'upload_id', 'upload_id');
      if (uploadId <= 0) throw invalidField('upload_id', 'must be a positive integer');
      return { type, uploadId };
    }
  }
}

function expireTime(body: JsonObject): number {
  const v = optionalInteger(body, 'expire_time', 'expire_time');
  if (v === undefined) return EXPIRE_TIME_DEFAULT;
  if (v < 0) throw invalidField('expire_time', 'must be >= 0');
  if (v > EXPIRE_TIME_MAX) throw invalidField('expire_time', `must be at most ${EXPIRE_TIME_MAX}`);
  return v === 0 ? 0 : Math.max(v, EXPIRE_TIME_FLOOR);
}

function sendTime(body: JsonObject, type: AudienceType, ctx: PushRequestContext): { sendAt: number; scheduled: boolean } {
  const raw = optionalString(body, 'send_time', 'send_time');
  if (raw === undefined || raw === '') return { sendAt: ctx.now, scheduled: false };
  const at = parseTpnsDateTime(raw, ctx.utcOffsetMinutes);
  // "If the push time specified is earlier than the current server time, the push starts immediately."
  if (at <= ctx.now) return { sendAt: ctx.now, scheduled: false };
  if (at > ctx.now + MAX_SCHEDULE_MS) throw heraldError('PUSH_TIME_INVALID', 'send_time: more than 90 days ahead');
  // A past or current send_time on a token/account push is harmless; only real scheduling is refused.
  if (!BROADCAST_AUDIENCES.has(type)) {
    throw heraldError('PUSH_TIME_INVALID', `send_time: not supported for audience_type "${type}"`);
  }
  return { sendAt: at, scheduled: true };
}

function loopParam(body: JsonObject, type: AudienceType, ctx: PushRequestContext): LoopParam | undefined {
  const loop = optionalObject(body, 'loop_param', 'loop_param');
  if (loop === undefined) return undefined;
  if (!BROADCAST_AUDIENCES.has(type)) throw invalidField('loop_param', `not supported for audience_type "${type}"`);
  const startDate = requiredString(loop, 'startDate', 'loop_param.startDate');
  const endDate = requiredString(loop, 'endDate', 'loop_param.endDate');
  const start = parseTpnsDate(startDate, ctx.utcOffsetMinutes, 'loop_param.startDate');
  const end = parseTpnsDate(endDate, ctx.utcOffsetMinutes, 'loop_param.endDate');
  if (end < start) throw heraldError('PUSH_TIME_INVALID', 'loop_param.endDate: before startDate');
  if (end > ctx.now + MAX_SCHEDULE_MS) throw heraldError('PUSH_TIME_INVALID', 'loop_param.endDate: more than 90 days ahead');
  const loopType = optionalChoice(loop, 'loopType', 'loop_param.loopType', [1, 2, 3] as const);
  if (loopType === undefined) throw missingField('loop_param.loopType');
  const [lo, hi] = loopType === 1 ? [0, 0] : loopType === 2 ? [0, 6] : [1, 31];
  const loopDayIndexs = requiredList(loop, 'loopDayIndexs', 'loop_param.loopDayIndexs', 31).map((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < lo || d > hi) {
      throw invalidField(`loop_param.loopDayIndexs[${i}]`, `must be an integer in [${lo}, ${hi}]`);
    }
    return d;
  });
  const dayTimes = requiredList(loop, 'dayTimes', 'loop_param.dayTimes', 24 * 60).map((t, i) => {
    const p = `loop_param.dayTimes[${i}]`;
    if (typeof t !== 'string') throw invalidField(p, 'must be a string');
    checkTpnsTimeOfDay(t, p);
    return t;
  });
  return { startDate, endDate, loopType, loopDayIndexs, dayTimes, recurrenceScheduled: false };
}

function channelRules(body: JsonObject): PushRequest['channelRules'] {
  const list = optionalArray(body, 'channel_rules', 'channel_rules') ?? [];
  return list.map((r, i) => {
    const p = `channel_rules[${i}]`;
    const rule = asObject(r, p);
    const channel = oneOf(requiredString(rule, 'channel', `${p}.channel`), Object.keys(TPNS_CHANNELS) as TpnsChannel[], `${p}.channel`);
    const disable = optionalBoolean(rule, 'disable', `${p}.disable`);
    if (disable === undefined) throw missingField(`${p}.disable`);
    return { channel, disable };
  });
}

/** Validates a /v3/push/app body for an app of `ctx.platform`; returns the normalised request or throws HeraldError. */
export function normalizePushRequest(body: unknown, ctx: PushRequestContext): PushRequest {
  const b = asObject(body, 'body');
  const audienceType = oneOf(requiredString(b, 'audience_type', 'audience_type'), AUDIENCE_TYPES, 'audience_type');
  const messageType = oneOf<MessageType>(requiredString(b, 'message_type', 'message_type'), ['notify', 'message'], 'message_type');
  const message = normalizeMessage(b['message'], messageType, ctx.platform);
  const target = audience(b, audienceType);

  const environment = oneOf(optionalString(b, 'environment', 'environment') ?? 'product', ['product', 'dev'] as const, 'environment');
  const accountType = optionalInteger(b, 'account_type', 'account_type') ?? 0;
  if (!isValidAccountType(accountType)) throw invalidField('account_type', 'must be 0–16 or 991–1015');
  const pushSpeed = optionalInteger(b, 'push_speed', 'push_speed');
  if (pushSpeed !== undefined && (pushSpeed < PUSH_SPEED_MIN || pushSpeed > PUSH_SPEED_MAX)) {
    throw invalidField('push_speed', `must be in [${PUSH_SPEED_MIN}, ${PUSH_SPEED_MAX}]`);
  }
  const collapseId = optionalInteger(b, 'collapse_id', 'collapse_id');
  if (collapseId !== undefined && collapseId < 0) throw invalidField('collapse_id', 'must be >= 0');
  const planId = optionalString(b, 'plan_id', 'plan_id');
  const groupId = optionalString(b, 'group_id', 'group_id');
  const rules = channelRules(b);
  const loop = loopParam(b, audienceType, ctx);
  const { sendAt, scheduled } = sendTime(b, audienceType, ctx);

  const disabled = new Set<ChannelId>();
  for (const r of rules) {
    const id = TPNS_CHANNELS[r.channel];
    if (id === undefined) continue;
    if (r.disable) disabled.add(id);
    else disabled.delete(id);
  }

  const req: PushRequest = {
    audience: target,
    messageType,
    message,
    environment,
    expireTime: expireTime(b),
    sendAt,
    scheduled,
    accountType,
    accountPushType: optionalChoice(b, 'account_push_type', 'account_push_type', [0, 1] as const) ?? 0,
    ignoreInvalidToken: (optionalChoice(b, 'ignore_invalid_token', 'ignore_invalid_token', [0, 1] as const) ?? 0) === 1,
    forceCollapse: optionalBoolean(b, 'force_collapse', 'force_collapse') ?? false,
    multiPkg: optionalBoolean(b, 'multi_pkg', 'multi_pkg') ?? false,
    tpnsOnlinePushType: optionalChoice(b, 'tpns_online_push_type', 'tpns_online_push_type', [0, 1] as const) ?? 0,
    seq: optionalInteger(b, 'seq', 'seq') ?? 0,
    channelRules: rules,
    disabledChannels: [...disabled],
    notes: [],
  };
  if (pushSpeed !== undefined) req.pushSpeed = pushSpeed;
  if (collapseId !== undefined) req.collapseId = collapseId;
  if (planId !== undefined && planId !== '') req.planId = planId;
  if (groupId !== undefined && groupId !== '') req.groupId = groupId;
  if (loop !== undefined) {
    req.loop = loop;
    req.notes.push('loop_param accepted but recurrence is not scheduled yet: the task is sent once');
  }
  return req;
}
