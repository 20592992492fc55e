/**
 * Reads what Herald sends a browser (server: push/model/webpush/build-webpush-notification.ts). A notification
 * is Declarative Web Push JSON with Herald's key beside it:
 *
 *   {"web_push":8030, "notification":{"title","body","navigate","tag","icon","image","silent","app_badge","data"},
 *    "mutable":true, "herald":{"pid","type":"notify","foreground"?:false}}
 *
 * (`web_push` and `mutable` only when a click URL is known); a pass-through message is
 * `{"title","body","data","herald":{"pid","type":"message"}}`. Anything else is not Herald's and is left to
 * the app's own handlers.
 */

/** What the worker puts in `Notification.data`, so a click can be reported and routed without the push. */
export interface HeraldNotificationData {
  herald: { pid: string; type: 'notify' };
  navigate?: string;
  /** The push's custom data (TPNS `custom_content`). */
  data?: unknown;
}

export interface HeraldWebNotification {
  kind: 'notify';
  pushId: string;
  title: string;
  options: NotificationOptions & { image?: string };
  navigate: string | undefined;
  appBadge: number | undefined;
  /** TPNS show_type 1: not shown while a window of the app has focus. */
  showInForeground: boolean;
}

export interface HeraldWebMessage {
  kind: 'message';
  pushId: string;
  title: string;
  body: string;
  data: unknown;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The parsed push, or undefined when it is not one Herald sent. */
export function readWebPushPayload(payload: unknown): HeraldWebNotification | HeraldWebMessage | undefined {
  const root = record(payload);
  const herald = record(root?.['herald']);
  const pushId = text(herald?.['pid']);
  if (root === undefined || herald === undefined || pushId === undefined) return undefined;

  if (herald['type'] === 'message') {
    return { kind: 'message', pushId, title: typeof root['title'] === 'string' ? root['title'] : '', body: typeof root['body'] === 'string' ? root['body'] : '', data: root['data'] };
  }
  const n = record(root['notification']);
  if (n === undefined) return undefined;
  const navigate = text(n['navigate']);
  const data: HeraldNotificationData = { herald: { pid: pushId, type: 'notify' } };
  if (navigate !== undefined) data.navigate = navigate;
  if (n['data'] !== undefined) data.data = n['data'];
  const options: HeraldWebNotification['options'] = { body: typeof n['body'] === 'string' ? n['body'] : '', data };
  const tag = text(n['tag']);
  // A tag replaces the shown notification with the same tag: TPNS collapse_id / thread_id.
  if (tag !== undefined) options.tag = tag;
  const icon = text(n['icon']);
  if (icon !== undefined) options.icon = icon;
  const image = text(n['image']);
  if (image !== undefined) options.image = image;
  if (n['silent'] === true) options.silent = true;
  const badge = n['app_badge'];
  return {
    kind: 'notify',
    pushId,
    title: typeof n['title'] === 'string' ? n['title'] : '',
    options,
    navigate,
    appBadge: typeof badge === 'number' && Number.isInteger(badge) && badge >= 0 ? badge : undefined,
    showInForeground: herald['foreground'] !== false,
  };
}
