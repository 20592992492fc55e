/**
 * The page side of Web Push: subscribe the browser with the app's VAPID key through a service worker, register
 * the subscription with Herald as the device's vendor token, and leave the worker what it needs to report
 * arrival and clicks (web-push-worker-store.ts). Call `enableWebPush` on every page load, like `register` on
 * every app launch: it reuses the browser's subscription while the app's key is unchanged, subscribes again
 * when the key changed, and refreshes the device under the same Herald token.
 */
import { HeraldClientError } from '../herald-client-error.ts';
import { createPushClient, type PushClient, type PushClientOptions, type PushEnvironment } from '../push/index.ts';
import { base64UrlToBytes, sameApplicationServerKey } from './base64url.ts';
import { fetchVapidPublicKey } from './fetch-vapid-public-key.ts';
import { clearWebPushWorkerConfig, writeWebPushWorkerConfig } from './web-push-worker-store.ts';

export interface EnableWebPushOptions {
  /** The registration of a worker that runs Herald's handlers, or the URL of such a worker script to register. */
  serviceWorker: ServiceWorkerRegistration | string;
  /** For `navigator.serviceWorker.register` when `serviceWorker` is a URL (`scope`, `type: 'module'`). */
  registrationOptions?: RegistrationOptions;
  /** Default 'product'. */
  environment?: PushEnvironment;
  appVersion?: string;
}

export interface DisableWebPushOptions {
  /** The same registration or script URL given to `enableWebPush`. */
  serviceWorker: ServiceWorkerRegistration | string;
  registrationOptions?: RegistrationOptions;
}

/** A push client, or the options to make one (then it keeps its credentials in `localStorage`, as usual). */
export type WebPushClientInput = PushClient | PushClientOptions;

function isPushClient(input: WebPushClientInput): input is PushClient {
  return 'register' in input && typeof input.register === 'function';
}

function toClient(input: WebPushClientInput): PushClient {
  return isPushClient(input) ? input : createPushClient(input);
}

function assertSupported(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || typeof PushManager === 'undefined') {
    throw new HeraldClientError('WEB_PUSH_UNSUPPORTED', 'This browser has no service workers or Push API (or the page is not a secure context)', 0);
  }
}

/** `pushManager.subscribe` needs an active worker; a registration made just now is still installing. */
async function activeRegistration(given: ServiceWorkerRegistration | string, options: RegistrationOptions | undefined): Promise<ServiceWorkerRegistration> {
  const registration = typeof given === 'string' ? await navigator.serviceWorker.register(given, options) : given;
  while (registration.active === null) {
    const worker = registration.installing ?? registration.waiting;
    if (worker === null) throw new HeraldClientError('WEB_PUSH_UNSUPPORTED', 'The service worker registration has no worker', 0);
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (worker.state === 'redundant') reject(new HeraldClientError('WEB_PUSH_WORKER_FAILED', 'The service worker failed to install', 0));
        else if (worker.state === 'activating' || worker.state === 'activated') resolve();
        else return;
        worker.removeEventListener('statechange', check);
      };
      worker.addEventListener('statechange', check);
      check();
    });
  }
  return registration;
}

async function subscribeWithKey(pushManager: PushManager, key: string): Promise<PushSubscription> {
  const existing = await pushManager.getSubscription();
  if (existing !== null) {
    if (sameApplicationServerKey(existing.options.applicationServerKey, key)) return existing;
    // A subscription is bound to the key it was made with (RFC 8292 §4): the app's key changed, so start over.
    await existing.unsubscribe();
  }
  try {
    return await pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(key) });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'NotAllowedError') {
      throw new HeraldClientError('WEB_PUSH_PERMISSION_DENIED', 'The user has not allowed notifications for this site', 0, { cause: err });
    }
    throw err;
  }
}

/** Subscribes, registers the device and hands the worker its credentials; returns the Herald token. */
export async function enableWebPush(input: WebPushClientInput, o: EnableWebPushOptions): Promise<string> {
  assertSupported();
  const client = toClient(input);
  const app = await client.exportSession();
  const registration = await activeRegistration(o.serviceWorker, o.registrationOptions);
  const fetchImpl = isPushClient(input) ? undefined : input.fetch;
  const key = await fetchVapidPublicKey({ ...app, ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }) });
  const subscription = await subscribeWithKey(registration.pushManager, key);
  const environment = o.environment ?? 'product';
  const token = await client.register({
    vendorToken: JSON.stringify(subscription.toJSON()),
    platform: 'web',
    channel: 'webpush',
    environment,
    ...(o.appVersion === undefined ? {} : { appVersion: o.appVersion }),
  });
  const device = (await client.exportSession()).device;
  if (device === undefined) throw new HeraldClientError('INTERNAL', 'Registered, but the push client kept no device', 0);
  await writeWebPushWorkerConfig({
    endpoint: app.endpoint,
    accessId: app.accessId,
    accessKey: app.accessKey,
    ...device,
    environment,
    applicationServerKey: key,
    ...(o.appVersion === undefined ? {} : { appVersion: o.appVersion }),
  });
  return token;
}

/** Unsubscribes the browser, forgets the worker's credentials and unregisters the device. */
export async function disableWebPush(input: WebPushClientInput, o: DisableWebPushOptions): Promise<void> {
  assertSupported();
  const client = toClient(input);
  const registration =
    typeof o.serviceWorker === 'string' ? await navigator.serviceWorker.getRegistration(o.registrationOptions?.scope ?? o.serviceWorker) : o.serviceWorker;
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
  await clearWebPushWorkerConfig();
  if ((await client.start()) !== undefined) await client.unregister();
}
