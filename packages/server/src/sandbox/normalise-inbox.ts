/**
 * What each vendor's emulator received, as the phone would show it: one shape for every vendor (title, body,
 * badge, sound and the app's custom content), beside the vendor payload itself. Herald's own `herald` entry
 * (the push id the SDK reports receipts with) is not the app's custom content and is left out of `custom`.
 */
import type {
  HonorReceivedMessage, HuaweiReceivedMessage, MeizuReceivedNotification, OppoReceivedMessage, ReceivedFcmMessage,
  ReceivedNotification, ReceivedPushMessage, VivoReceivedNotification, XiaomiReceivedMessage,
} from '@herald/emulators';
import type { SandboxChannel } from './sandbox-channels.ts';

export interface SandboxNotification {
  index: number;
  receivedAt: string;
  title?: string;
  body?: string;
  badge?: number;
  sound?: string;
  custom?: string;
  raw: unknown;
}

type Shown = Omit<SandboxNotification, 'index' | 'receivedAt' | 'raw'>;
type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** A JSON object given as an object or as its JSON text. */
function objectOrJson(v: unknown): Obj | undefined {
  if (typeof v !== 'string') return obj(v);
  try {
    return obj(JSON.parse(v));
  } catch {
    return undefined;
  }
}

/** The app's custom content without Herald's entry, as JSON text; undefined when nothing is left. */
function customOf(map: Obj | undefined): string | undefined {
  if (map === undefined) return undefined;
  const { herald: _herald, ...rest } = map;
  return Object.keys(rest).length === 0 ? undefined : JSON.stringify(rest);
}

/** Drops undefined fields, so the answer has only what the phone got. */
function shown(fields: Shown): Shown {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Shown;
}

function apns(n: ReceivedNotification): Shown {
  const payload = obj(n.payload) ?? {};
  const aps = obj(payload['aps']) ?? {};
  const alert = aps['alert'];
  const alertObj = obj(alert);
  const sound = aps['sound'];
  const { aps: _aps, ...custom } = payload;
  return shown({
    title: str(alertObj?.['title']),
    body: typeof alert === 'string' ? alert : str(alertObj?.['body']),
    badge: num(aps['badge']),
    sound: typeof sound === 'string' ? sound : str(obj(sound)?.['name']),
    custom: customOf(custom),
  });
}

function fcm(m: ReceivedFcmMessage): Shown {
  const notification = obj(m.message['notification']);
  const android = obj(obj(m.message['android'])?.['notification']);
  return shown({
    // android.notification overrides notification on an Android phone.
    title: str(android?.['title']) ?? str(notification?.['title']),
    body: str(android?.['body']) ?? str(notification?.['body']),
    badge: num(android?.['notification_count']),
    sound: str(android?.['sound']) ?? (android?.['default_sound'] === true ? 'default' : undefined),
    custom: customOf(obj(m.message['data'])),
  });
}

/** Huawei's `message` and Honor's body share the shape: `data` text and `android.notification`. */
function huaweiFamily(message: Obj): Shown {
  const notification = obj(obj(message['android'])?.['notification']);
  const badge = obj(notification?.['badge']);
  return shown({
    title: str(notification?.['title']),
    body: str(notification?.['body']),
    badge: num(badge?.['set_num']) ?? num(badge?.['setNum']),
    sound: str(notification?.['sound']),
    custom: customOf(objectOrJson(message['data'])),
  });
}

function xiaomi(m: XiaomiReceivedMessage): Shown {
  return shown({ title: m.title, body: m.description, sound: m.extra['sound_uri'], custom: customOf(objectOrJson(m.payload)) });
}

function oppo(m: OppoReceivedMessage): Shown {
  return shown({ title: m.title, body: m.content, custom: customOf(m.actionParameters) });
}

function vivo(m: VivoReceivedNotification): Shown {
  return shown({ title: m.title, body: m.content, custom: customOf(m.clientCustomMap) });
}

function meizu(m: MeizuReceivedNotification): Shown {
  return shown({ title: m.title, body: m.content, custom: customOf(m.parameters) });
}

/** Declarative Web Push (`notification`) or Herald's pass-through shape (`title`, `body`, `data`). */
function webpush(m: ReceivedPushMessage): Shown {
  const payload = obj(m.json) ?? {};
  const n = obj(payload['notification']) ?? payload;
  const data = obj(n['data']);
  return shown({ title: str(n['title']), body: str(n['body']), badge: num(n['app_badge']), custom: data === undefined ? undefined : customOf(data) });
}

export interface InboxEntry {
  shown: Shown;
  raw: unknown;
  receivedAt: number;
}

/** One emulator inbox entry of the channel, normalised. */
export function normaliseEntry(channel: SandboxChannel, entry: unknown): InboxEntry {
  switch (channel) {
    case 'apns': {
      const n = entry as ReceivedNotification;
      return { shown: apns(n), raw: { headers: n.headers, payload: n.payload }, receivedAt: n.receivedAt };
    }
    case 'fcm': {
      const m = entry as ReceivedFcmMessage;
      return { shown: fcm(m), raw: m.raw, receivedAt: m.receivedAt };
    }
    case 'huawei': {
      const m = entry as HuaweiReceivedMessage;
      return { shown: huaweiFamily(m.message), raw: m.message, receivedAt: m.receivedAt };
    }
    case 'honor': {
      const m = entry as HonorReceivedMessage;
      return { shown: huaweiFamily(m.body), raw: m.body, receivedAt: m.receivedAt };
    }
    case 'xiaomi': {
      const m = entry as XiaomiReceivedMessage;
      return { shown: xiaomi(m), raw: m.fields, receivedAt: m.receivedAt };
    }
    case 'oppo': {
      const m = entry as OppoReceivedMessage;
      return { shown: oppo(m), raw: m.notification, receivedAt: m.receivedAt };
    }
    case 'vivo': {
      const m = entry as VivoReceivedNotification;
      return { shown: vivo(m), raw: m.body, receivedAt: m.receivedAt };
    }
    case 'meizu': {
      const m = entry as MeizuReceivedNotification;
      return { shown: meizu(m), raw: m.message, receivedAt: m.receivedAt };
    }
    case 'webpush': {
      const m = entry as ReceivedPushMessage;
      return { shown: webpush(m), raw: m.json ?? m.text ?? null, receivedAt: m.receivedAt };
    }
  }
}
