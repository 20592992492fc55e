/**
 * The virtual browsers behind the emulated push service. Each subscription holds its own P-256 key pair and
 * 16-byte auth secret (made here, as a browser does on `pushManager.subscribe()`), an inbox of what reached it,
 * and the messages the push service keeps while it is offline. RFC 8030: a message waits at most its TTL
 * (§5.2; TTL 0 means now or never), a newer message with the same Topic replaces a waiting one (§5.4), and a
 * browser may ask for nothing below an urgency (§5.3).
 */
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { URGENCY_RANK } from './push-headers.ts';
import type { EmulatorSubscription, ReceivedPushMessage, VirtualBrowserOptions, WebPushEmulatorCounters, WebPushUrgency } from './types.ts';

export interface VirtualBrowser {
  id: string;
  subscription: EmulatorSubscription;
  keys: ECDH;
  authSecret: Buffer;
  /** The applicationServerKey the subscription is restricted to (base64url), if any. */
  restrictedKey: string | undefined;
  online: boolean;
  minUrgency: WebPushUrgency;
  /** Set once unsubscribed: the status later pushes get. */
  gone: 404 | 410 | undefined;
  inbox: ReceivedPushMessage[];
  waiting: Array<{ message: ReceivedPushMessage; expiresAt: number }>;
}

export interface BrowserRegistry {
  create(origin: string, o: VirtualBrowserOptions): VirtualBrowser;
  byId(id: string): VirtualBrowser | undefined;
  byEndpoint(endpoint: string): VirtualBrowser | undefined;
  /** Hands a message to the browser now, or keeps it for later. */
  accept(browser: VirtualBrowser, message: ReceivedPushMessage, now: number): void;
  /** Drops what expired and delivers what the browser now takes. */
  flush(browser: VirtualBrowser, now: number): void;
  clear(): void;
}

export const PUSH_PATH = '/push/';

function takes(browser: VirtualBrowser, message: ReceivedPushMessage): boolean {
  return browser.online && URGENCY_RANK[message.urgency] >= URGENCY_RANK[browser.minUrgency];
}

export function createBrowserRegistry(counters: WebPushEmulatorCounters): BrowserRegistry {
  const browsers = new Map<string, VirtualBrowser>();

  function idOf(endpoint: string): string | undefined {
    const at = endpoint.indexOf(PUSH_PATH);
    return at < 0 ? undefined : endpoint.slice(at + PUSH_PATH.length);
  }

  return {
    create(origin, o) {
      const keys = createECDH('prime256v1');
      keys.generateKeys();
      const authSecret = randomBytes(16);
      // 160 random bits, as UnifiedPush recommends for the unguessable part of an endpoint.
      const id = randomBytes(20).toString('base64url');
      let restrictedKey: string | undefined;
      if (o.applicationServerKey !== undefined) {
        const raw = Buffer.from(o.applicationServerKey, 'base64url');
        // Push API §7.2: a 65-octet uncompressed P-256 point; browsers refuse anything else at subscribe().
        if (raw.length !== 65 || raw[0] !== 0x04) throw new Error('applicationServerKey must be a 65-byte uncompressed P-256 public key');
        restrictedKey = raw.toString('base64url');
      }
      const browser: VirtualBrowser = {
        id,
        subscription: {
          endpoint: `${origin}${PUSH_PATH}${id}`,
          expirationTime: null,
          keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') },
        },
        keys,
        authSecret,
        restrictedKey,
        online: o.online ?? true,
        minUrgency: o.minUrgency ?? 'very-low',
        gone: undefined,
        inbox: [],
        waiting: [],
      };
      browsers.set(id, browser);
      return browser;
    },
    byId: (id) => browsers.get(id),
    byEndpoint(endpoint) {
      const id = idOf(endpoint);
      return id === undefined ? undefined : browsers.get(id);
    },
    accept(browser, message, now) {
      if (takes(browser, message)) {
        browser.inbox.push(message);
        return;
      }
      if (message.ttl === 0) {
        counters.expired++;
        return;
      }
      if (message.topic !== undefined) {
        const same = browser.waiting.findIndex((w) => w.message.topic === message.topic);
        if (same >= 0) {
          browser.waiting.splice(same, 1);
          counters.replaced++;
        }
      }
      browser.waiting.push({ message, expiresAt: now + message.ttl * 1000 });
    },
    flush(browser, now) {
      const still: VirtualBrowser['waiting'] = [];
      for (const w of browser.waiting) {
        if (w.expiresAt <= now) counters.expired++;
        else if (takes(browser, w.message)) browser.inbox.push(w.message);
        else still.push(w);
      }
      browser.waiting = still;
    },
    clear() {
      browsers.clear();
    },
  };
}
