/**
 * Message elements: the shapes the contract accepts (Tencent's element types, content checked for shape and
 * stored as given), the 12 KB limit, and the conversion between them and Tencent's REST `MsgBody`.
 */
import { ELEMENT_TYPES, heraldError, isHeraldError, type ElementType, type MessageElement, type SendableElementType } from '@herald/protocol';

export { ELEMENT_TYPES, type ElementType, type MessageElement };

/** Tencent's limit on one message (93000 above it). */
export const MAX_MESSAGE_BYTES = 12 * 1024;
const MAX_ELEMENTS = 32;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalStrings(content: Record<string, unknown>, keys: readonly string[], type: string): void {
  for (const key of keys) {
    if (content[key] !== undefined && typeof content[key] !== 'string') throw heraldError('REQUEST_PARAM_INVALID', `${type}.${key} must be a string`);
  }
}

export function parseElements(value: unknown): MessageElement[] {
  if (!Array.isArray(value) || value.length === 0) throw heraldError('REQUEST_PARAM_INVALID', 'elements must be a non-empty array');
  if (value.length > MAX_ELEMENTS) throw heraldError('REQUEST_PARAM_INVALID', `A message has at most ${MAX_ELEMENTS} elements`);
  return value.map((raw, i) => {
    if (!isObject(raw)) throw heraldError('REQUEST_PARAM_INVALID', `elements[${i}] must be an object`);
    const type = raw['type'];
    if (typeof type !== 'string' || !(ELEMENT_TYPES as readonly string[]).includes(type)) {
      throw heraldError('REQUEST_PARAM_INVALID', `elements[${i}].type must be one of ${ELEMENT_TYPES.join(', ')}`);
    }
    const content = raw['content'];
    if (!isObject(content)) throw heraldError('REQUEST_PARAM_INVALID', `elements[${i}].content must be an object`);
    if (type === 'TIMTextElem' && typeof content['text'] !== 'string') throw heraldError('REQUEST_PARAM_INVALID', 'TIMTextElem.text must be a string');
    if (type === 'TIMCustomElem') optionalStrings(content, ['data', 'desc', 'ext', 'sound'], type);
    if (type === 'TIMLocationElem' && (typeof content['latitude'] !== 'number' || typeof content['longitude'] !== 'number')) {
      throw heraldError('REQUEST_PARAM_INVALID', 'TIMLocationElem needs numeric latitude and longitude');
    }
    if (type === 'TIMFaceElem' && typeof content['index'] !== 'number') throw heraldError('REQUEST_PARAM_INVALID', 'TIMFaceElem.index must be a number');
    return { type: type as SendableElementType, content };
  });
}

/** Refuses a message whose stored parts exceed Tencent's 12 KB. */
export function checkMessageSize(parts: unknown): void {
  if (Buffer.byteLength(JSON.stringify(parts), 'utf8') > MAX_MESSAGE_BYTES) {
    throw heraldError('IM_PACKET_TOO_LARGE', `A message is at most ${MAX_MESSAGE_BYTES} bytes`);
  }
}

/**
 * Tencent's REST `MsgContent` spells keys in PascalCase (`Text`, `Data`, `UUID`, `ImageInfoArray`); the contract's
 * content is camelCase. Only the top-level keys are renamed: an all-caps key becomes lower case (`UUID` → `uuid`).
 */
function toCamel(key: string): string {
  if (/^[A-Z0-9_]+$/.test(key)) return key.toLowerCase();
  return key.charAt(0).toLowerCase() + key.slice(1);
}

const ALL_CAPS = new Set(['uuid', 'url']);
function toPascal(key: string): string {
  if (ALL_CAPS.has(key)) return key.toUpperCase();
  return key.charAt(0).toUpperCase() + key.slice(1);
}

function renameKeys(o: Record<string, unknown>, rename: (k: string) => string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [rename(k), v]));
}

export function elementsFromMsgBody(value: unknown): MessageElement[] {
  if (!Array.isArray(value) || value.length === 0) throw heraldError('IM_ACCOUNT_PARAM_INVALID', 'MsgBody must be a non-empty array');
  const raw = value.map((item, i) => {
    if (!isObject(item) || typeof item['MsgType'] !== 'string' || !isObject(item['MsgContent'])) {
      throw heraldError('IM_ACCOUNT_PARAM_INVALID', `MsgBody[${i}] must be {MsgType, MsgContent}`);
    }
    return { type: item['MsgType'], content: renameKeys(item['MsgContent'], toCamel) };
  });
  // An element that is not one of the element shapes is 90002, as Tencent answers it.
  try {
    return parseElements(raw);
  } catch (err) {
    if (isHeraldError(err, 'REQUEST_PARAM_INVALID')) throw heraldError('IM_MSG_BODY_INVALID', err.message);
    throw err;
  }
}

export function msgBodyFromElements(elements: readonly MessageElement[]): Array<{ MsgType: string; MsgContent: Record<string, unknown> }> {
  return elements.map((e) => ({ MsgType: e.type, MsgContent: renameKeys(e.content, toPascal) }));
}
