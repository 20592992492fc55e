/**
 * The service worker's side of Web Push: shows what Herald sends and reports it.
 * - `push`: a Herald notification is shown (title, body, icon, image, tag, silent, app badge as the payload
 *   says) and `arrived` is reported with its push ID; a pass-through message is shown nowhere, only posted to
 *   the app's windows. Pushes that are not Herald's are left to the app's own listeners.
 * - `notificationclick`: closes the notification, reports `clicked`, focuses the window already at the
 *   notification's URL or opens it (no URL: focuses a window of the app, or opens the worker's scope).
 * - `pushsubscriptionchange`: the browser replaced or dropped the subscription; the worker subscribes again
 *   with the app's current VAPID key when needed and re-registers the device under the same Herald token.
 * Each handler settles on its own (a failed report never hides a notification) and passes failures to `onError`.
 */
import { HeraldClientError } from '../herald-client-error.ts';
import { parseHeraldPayload } from '../push/index.ts';
import { base64UrlToBytes } from './base64url.ts';
import { fetchVapidPublicKey } from './fetch-vapid-public-key.ts';
import { readWebPushPayload, type HeraldNotificationData, type HeraldWebNotification } from './read-web-push-payload.ts';
import type { ExtendableEventLike, NotificationEventLike, PushEventLike, PushSubscriptionChangeEventLike, ServiceWorkerScopeLike, WindowClientLike } from './service-worker-scope.ts';
import { readWebPushWorkerConfig, writeWebPushWorkerConfig } from './web-push-worker-store.ts';
import { workerPushClient } from './worker-push-client.ts';

export type WebPushWorkerEvent = 'push' | 'notificationclick' | 'pushsubscriptionchange';

export interface WebPushWorkerOptions {
  fetch?: typeof fetch;
  /** Called for each part of a handler that failed (a receipt that could not be sent, …). Default console.warn. */
  onError?(error: unknown, during: WebPushWorkerEvent): void;
}

/** Posted to the app's windows (`navigator.serviceWorker.onmessage`). */
export type WebPushWindowMessage =
  | { type: 'herald.message'; pushId: string; title: string; body: string; data: unknown }
  /** A notification not shown because a window had focus (TPNS show_type 1). */
  | { type: 'herald.notification'; pushId: string; title: string; body: string; data: unknown }
  | { type: 'herald.click'; pushId: string; navigate: string | undefined; data: unknown };

function readJson(event: PushEventLike): unknown {
  try {
    const text = event.data?.text();
    return text === undefined || text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

async function report(kind: 'arrived' | 'clicked', pushId: string, o: WebPushWorkerOptions): Promise<void> {
  const config = await readWebPushWorkerConfig();
  if (config === undefined) throw new HeraldClientError('DEVICE_NOT_REGISTERED', `No Herald device stored in this worker; ${kind} of ${pushId} not reported`, 0);
  const client = workerPushClient(config, o.fetch);
  await client.start();
  if (kind === 'arrived') await client.reportArrived(pushId);
  else await client.reportClicked(pushId);
}

async function appWindows(scope: ServiceWorkerScopeLike): Promise<readonly WindowClientLike[]> {
  return scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
}

async function present(scope: ServiceWorkerScopeLike, n: HeraldWebNotification): Promise<void> {
  // The app badge needs an installed app in most browsers; where it is refused the notification still shows.
  if (n.appBadge !== undefined) await scope.navigator.setAppBadge?.(n.appBadge).catch(() => undefined);
  if (!n.showInForeground) {
    const focused = (await appWindows(scope)).find((c) => c.focused && c.visibilityState === 'visible');
    if (focused !== undefined) {
      const data = (n.options.data as HeraldNotificationData).data;
      focused.postMessage({ type: 'herald.notification', pushId: n.pushId, title: n.title, body: n.options.body ?? '', data } satisfies WebPushWindowMessage);
      return;
    }
  }
  await scope.registration.showNotification(n.title, n.options);
}

async function settle(during: WebPushWorkerEvent, work: Array<Promise<unknown>>, o: WebPushWorkerOptions): Promise<void> {
  const onError = o.onError ?? ((error: unknown) => console.warn(`Herald web push (${during}):`, error));
  for (const result of await Promise.allSettled(work)) {
    if (result.status === 'rejected') onError(result.reason, during);
  }
}

export async function handlePush(scope: ServiceWorkerScopeLike, event: PushEventLike, o: WebPushWorkerOptions = {}): Promise<void> {
  const push = readWebPushPayload(readJson(event));
  if (push === undefined) return;
  const shown =
    push.kind === 'notify'
      ? present(scope, push)
      : appWindows(scope).then((windows) => {
          const message: WebPushWindowMessage = { type: 'herald.message', pushId: push.pushId, title: push.title, body: push.body, data: push.data };
          for (const w of windows) w.postMessage(message);
        });
  await settle('push', [shown, report('arrived', push.pushId, o)], o);
}

async function openOrFocus(scope: ServiceWorkerScopeLike, navigate: string | undefined, message: WebPushWindowMessage): Promise<void> {
  const windows = await appWindows(scope);
  const target = navigate === undefined ? windows[0] : windows.find((w) => w.url === navigate);
  if (target !== undefined) {
    target.postMessage(message);
    await target.focus();
    return;
  }
  await scope.clients.openWindow(navigate ?? scope.registration.scope);
}

export async function handleNotificationClick(scope: ServiceWorkerScopeLike, event: NotificationEventLike, o: WebPushWorkerOptions = {}): Promise<void> {
  const data = event.notification.data as Partial<HeraldNotificationData> | null;
  const info = parseHeraldPayload(data);
  if (info === undefined) return;
  event.notification.close();
  const navigate = typeof data?.navigate === 'string' ? data.navigate : undefined;
  const message: WebPushWindowMessage = { type: 'herald.click', pushId: info.pushId, navigate, data: data?.data };
  await settle('notificationclick', [report('clicked', info.pushId, o), openOrFocus(scope, navigate, message)], o);
}

async function resubscribe(scope: ServiceWorkerScopeLike, event: PushSubscriptionChangeEventLike, o: WebPushWorkerOptions): Promise<void> {
  const config = await readWebPushWorkerConfig();
  if (config === undefined) return;
  let key = config.applicationServerKey;
  let subscription = event.newSubscription ?? null;
  if (subscription === null) {
    try {
      key = await fetchVapidPublicKey({ ...config, ...(o.fetch === undefined ? {} : { fetch: o.fetch }) });
    } catch {
      // Herald unreachable: the stored key is the one the app used last; registration below will say more.
    }
    subscription = await scope.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) });
  }
  const client = workerPushClient(config, o.fetch);
  await client.start();
  await client.register({
    vendorToken: JSON.stringify(subscription.toJSON()),
    platform: 'web',
    channel: 'webpush',
    environment: config.environment,
    ...(config.appVersion === undefined ? {} : { appVersion: config.appVersion }),
  });
  const device = (await client.exportSession()).device;
  if (device !== undefined) await writeWebPushWorkerConfig({ ...config, ...device, applicationServerKey: key });
}

export async function handlePushSubscriptionChange(scope: ServiceWorkerScopeLike, event: PushSubscriptionChangeEventLike, o: WebPushWorkerOptions = {}): Promise<void> {
  await settle('pushsubscriptionchange', [resubscribe(scope, event, o)], o);
}

function keepAlive(event: ExtendableEventLike, work: Promise<void>): void {
  try {
    event.waitUntil(work);
  } catch {
    // An event a script dispatched itself is not trusted and cannot be extended; the work runs all the same.
  }
}

/** Adds the three listeners to a service worker's global scope (`self`). */
export function installWebPushHandlers(scope: ServiceWorkerScopeLike, o: WebPushWorkerOptions = {}): void {
  scope.addEventListener('push', (event) => keepAlive(event as PushEventLike, handlePush(scope, event as PushEventLike, o)));
  scope.addEventListener('notificationclick', (event) => keepAlive(event as NotificationEventLike, handleNotificationClick(scope, event as NotificationEventLike, o)));
  scope.addEventListener('pushsubscriptionchange', (event) => keepAlive(event as PushSubscriptionChangeEventLike, handlePushSubscriptionChange(scope, event as PushSubscriptionChangeEventLike, o)));
}
