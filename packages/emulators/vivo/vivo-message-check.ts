/**
 * Checks a `/message/send` or `/message/saveListPayload` body the way vivo documents its fields (server API
 * doc v2.9.2 and vivo's current field notes; vendor-push-protocols.md §6.2), returning the first problem as
 * vivo's result code, or the message as a device will see it.
 *
 * Lengths count characters whatever the script ("最大40个字符（不区分中英文）"): title ≤ 40, content ≤ 100,
 * skipContent ≤ 1000 for a URL and ≤ 1024 otherwise, requestId ≤ 64, clientCustomMap ≤ 10 pairs and ≤ 1024
 * characters in all, extra.callback ≤ 128 and callback.param ≤ 64, timeToLive 60 s … 7 days (default one day).
 */
import { VIVO_CODES, type VivoCode } from './vivo-codes.ts';

/**
 * vivo's second-level categories (vivo doc 359 via TPNS and Aliyun notes ⚠️: the list is longer for some apps)
 * and whether each is a system (1) or an operation (0) message.
 */
export const VIVO_CATEGORIES: Readonly<Record<string, 0 | 1>> = {
  IM: 1,
  ACCOUNT: 1,
  TODO: 1,
  DEVICE_REMINDER: 1,
  ORDER: 1,
  SUBSCRIPTION: 1,
  NEWS: 0,
  CONTENT: 0,
  MARKETING: 0,
  SOCIAL: 0,
};

export interface CheckedVivoMessage {
  title: string;
  content: string;
  notifyType: number;
  skipType: number;
  skipContent: string | undefined;
  timeToLive: number;
  classification: 0 | 1;
  category: string | undefined;
  clientCustomMap: Record<string, string>;
  requestId: string;
}

const DAY_S = 86_400;

function chars(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** vivo's JSON takes numbers; clients also send numeric strings ("networkType":"1" in vivo's own example). */
function intOf(v: unknown): number | undefined {
  if (isInt(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

export function checkVivoMessage(body: Record<string, unknown>): CheckedVivoMessage | VivoCode {
  const notifyType = intOf(body['notifyType']);
  if (notifyType === undefined || notifyType < 1 || notifyType > 4) return VIVO_CODES.notifyTypeInvalid;

  const title = body['title'];
  if (typeof title !== 'string' || title.trim() === '') return VIVO_CODES.titleEmpty;
  if (chars(title) > 40) return VIVO_CODES.titleTooLong;
  const content = body['content'];
  if (typeof content !== 'string' || content.trim() === '') return VIVO_CODES.contentEmpty;
  if (chars(content) > 100) return VIVO_CODES.contentTooLong;

  let timeToLive = DAY_S;
  if (body['timeToLive'] !== undefined && body['timeToLive'] !== null) {
    const ttl = intOf(body['timeToLive']);
    if (ttl === undefined || ttl < 60 || ttl > 7 * DAY_S) return VIVO_CODES.timeToLiveInvalid;
    timeToLive = ttl;
  }

  const skipType = intOf(body['skipType']);
  if (skipType === undefined || skipType < 1 || skipType > 4) return VIVO_CODES.skipTypeInvalid;
  const rawSkip = body['skipContent'];
  let skipContent: string | undefined;
  if (rawSkip !== undefined && rawSkip !== null && rawSkip !== '') {
    if (typeof rawSkip !== 'string') return VIVO_CODES.skipContentInvalid;
    skipContent = rawSkip;
  }
  if (skipType !== 1) {
    if (skipContent === undefined) return VIVO_CODES.skipContentInvalid;
    if (chars(skipContent) > (skipType === 2 ? 1000 : 1024)) return VIVO_CODES.skipContentInvalid;
    if (skipType === 2 && !/^https?:\/\//i.test(skipContent)) return VIVO_CODES.skipContentInvalid;
  }

  const network = body['networkType'];
  if (network !== undefined && network !== null) {
    const n = intOf(network);
    if (n !== -1 && n !== 1) return VIVO_CODES.networkTypeInvalid;
  }

  let classification: 0 | 1 = 0;
  if (body['classification'] !== undefined && body['classification'] !== null) {
    const c = intOf(body['classification']);
    if (c !== 0 && c !== 1) return VIVO_CODES.classificationInvalid;
    classification = c;
  }
  let category: string | undefined;
  if (body['category'] !== undefined && body['category'] !== null && body['category'] !== '') {
    const c = body['category'];
    // vivo: upper case only, else 10096.
    if (typeof c !== 'string' || !(c in VIVO_CATEGORIES)) return VIVO_CODES.categoryInvalid;
    category = c;
    // The category decides; vivo advises sending only it when both would disagree (⚠️ observed in Aliyun's notes).
    classification = VIVO_CATEGORIES[c]!;
  }

  const clientCustomMap: Record<string, string> = {};
  const map = body['clientCustomMap'];
  if (map !== undefined && map !== null) {
    if (typeof map !== 'object' || Array.isArray(map)) return VIVO_CODES.clientCustomMapInvalid;
    const entries = Object.entries(map as Record<string, unknown>);
    if (entries.length > 10) return VIVO_CODES.clientCustomMapInvalid;
    let total = 0;
    for (const [k, v] of entries) {
      if (typeof v !== 'string') return VIVO_CODES.clientCustomMapInvalid;
      total += chars(k) + chars(v);
      clientCustomMap[k] = v;
    }
    if (total > 1024) return VIVO_CODES.clientCustomMapInvalid;
  }

  const extra = body['extra'];
  if (extra !== undefined && extra !== null) {
    if (typeof extra !== 'object' || Array.isArray(extra)) return VIVO_CODES.extraInvalid;
    const cb = (extra as Record<string, unknown>)['callback'];
    const param = (extra as Record<string, unknown>)['callback.param'];
    if (typeof cb !== 'string' || cb === '' || chars(cb) > 128) return VIVO_CODES.extraInvalid;
    if (param !== undefined && (typeof param !== 'string' || chars(param) > 64)) return VIVO_CODES.extraInvalid;
  }

  const requestId = body['requestId'];
  if (typeof requestId !== 'string' || requestId === '' || chars(requestId) > 64) return VIVO_CODES.requestIdInvalid;

  return { title, content, notifyType, skipType, skipContent, timeToLive, classification, category, clientCustomMap, requestId };
}
