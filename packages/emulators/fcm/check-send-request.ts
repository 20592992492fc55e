/**
 * What FCM checks in a `messages:send` body, in two steps: the proto-JSON parse (parse-proto-json.ts), then the
 * message rules FCM documents (ErrorCode reference, INVALID_ARGUMENT ✅): exactly one target; a well-formed
 * registration token or topic name; data keys that are not reserved; a TTL from 0 to 4 weeks; and a payload of at
 * most 4096 bytes (2048 for topic messages), keys and values counted.
 *
 * FCM does not document a token format ("Do not truncate the token or add additional characters"). The emulator
 * refuses what no FCM token looks like — whitespace, quotes, control characters, an empty or absurdly long
 * string (⚠️ an emulator rule, not Google's) — and unknown tokens the way FCM does, as not valid.
 */
import {
  invalidArgument,
  invalidRegistrationToken,
  parseErrors,
  payloadTooLarge,
  recipientNotSet,
  googleError,
  badRequestDetail,
  type GoogleReply,
} from './google-errors.ts';
import { SEND_REQUEST_SCHEMA, TARGET_FIELDS } from './message-schema.ts';
import { ProtoJsonParser } from './parse-proto-json.ts';

type Json = Record<string, unknown>;

export interface ParsedSendRequest {
  validateOnly: boolean;
  /** Canonical form: proto field names, enum names. */
  message: Json;
  target: { kind: 'token' | 'topic' | 'condition'; value: string };
}

/** Base64url with the ':' FCM tokens carry between instance ID and the rest. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_\-:.+/=%]{1,4096}$/;
/** "[a-zA-Z0-9-_.~%]+" (Message.topic reference). */
const TOPIC_SHAPE = /^[a-zA-Z0-9\-_.~%]{1,900}$/;
const COLOR = /^#[0-9a-fA-F]{6}$/;
const MAX_TTL_S = 2_419_200;
export const PAYLOAD_LIMIT = 4096;
export const TOPIC_PAYLOAD_LIMIT = 2048;

function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isReservedKey(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'from' || k === 'message_type' || k.startsWith('google') || k.startsWith('gcm');
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Keys and string values of a map or of a message's text fields. */
function countEntries(obj: unknown): number {
  if (!isJson(obj)) return 0;
  let total = 0;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    if (typeof value === 'string') total += bytes(key) + bytes(value);
  }
  return total;
}

/** The bytes FCM holds against the payload limit: data and notification keys and values (⚠️ which fields count). */
export function payloadSize(message: Json): number {
  const android = isJson(message['android']) ? message['android'] : {};
  return countEntries(message['notification']) + countEntries(message['data']) + countEntries(android['notification']) + countEntries(android['data']);
}

function durationSeconds(d: string): number {
  return Number(d.slice(0, -1));
}

function reservedKeyIn(data: unknown, field: string): GoogleReply | undefined {
  if (!isJson(data)) return undefined;
  const bad = Object.keys(data).find(isReservedKey);
  return bad === undefined ? undefined : invalidArgument(field, `Invalid data key: ${bad}`);
}

/** Parses and checks a send body; a GoogleReply is the error FCM would answer. */
export function checkSendRequest(body: unknown): ParsedSendRequest | GoogleReply {
  const parser = new ProtoJsonParser();
  const request = parser.message(body, SEND_REQUEST_SCHEMA, '', 'google.firebase.fcm.v1.SendMessageRequest');
  const message = request?.['message'];
  if (request !== undefined && isJson(message)) {
    const set = TARGET_FIELDS.filter((f) => message[f] !== undefined);
    // ⚠️ proto-JSON's oneof wording.
    if (set.length > 1) {
      parser.violations.push({
        field: 'message',
        description: `Invalid JSON payload received. Oneof field 'target' is already set. Cannot set '${set[1]}'`,
      });
    }
  }
  if (parser.violations.length > 0) return parseErrors(parser.violations);
  if (request === undefined) return parseErrors([{ field: '', description: 'Invalid JSON payload received.' }]);
  if (!isJson(message)) {
    const violation = { field: 'message', description: 'Message is required.' };
    return googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [badRequestDetail([violation])]);
  }

  const kind = TARGET_FIELDS.find((f) => typeof message[f] === 'string');
  if (kind === undefined) return recipientNotSet();
  const value = message[kind] as string;
  if (kind === 'token' && !TOKEN_SHAPE.test(value)) return invalidRegistrationToken();
  if (kind === 'topic' && !TOPIC_SHAPE.test(value)) return invalidArgument('message.topic', 'Invalid topic name');
  if (kind === 'condition' && value.trim() === '') return invalidArgument('message.condition', 'Invalid condition expression');

  const android = isJson(message['android']) ? message['android'] : undefined;
  const webpush = isJson(message['webpush']) ? message['webpush'] : undefined;
  const reserved =
    reservedKeyIn(message['data'], 'message.data') ??
    reservedKeyIn(android?.['data'], 'message.android.data') ??
    reservedKeyIn(webpush?.['data'], 'message.webpush.data');
  if (reserved !== undefined) return reserved;

  const ttl = android?.['ttl'];
  if (typeof ttl === 'string') {
    const seconds = durationSeconds(ttl);
    if (seconds < 0 || seconds > MAX_TTL_S) return invalidArgument('message.android.ttl', `TTL must be between 0 and ${MAX_TTL_S} seconds`);
  }
  const color = isJson(android?.['notification']) ? android['notification']['color'] : undefined;
  if (typeof color === 'string' && !COLOR.test(color)) return invalidArgument('message.android.notification.color', 'Color must be in the form #rrggbb');

  if (payloadSize(message) > (kind === 'topic' ? TOPIC_PAYLOAD_LIMIT : PAYLOAD_LIMIT)) return payloadTooLarge();
  return { validateOnly: request['validate_only'] === true, message, target: { kind, value } };
}
