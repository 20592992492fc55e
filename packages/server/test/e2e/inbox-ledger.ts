/**
 * Keeps, per virtual phone, how much of its emulator inbox the test has already accounted for, so each push can
 * assert "exactly these phones got exactly one new notification, and no other phone got anything".
 */
import assert from 'node:assert/strict';
import type { ApnsEmulator, ReceivedNotification } from '@herald/emulators';
import type { Phone } from './e2e-harness.ts';

export interface ExpectedAlert {
  pushId: string;
  topic: string;
  title: string;
  body: string;
  badge?: number;
  sound?: string;
  /** Keys of `ios.custom_content`, expected beside `aps`. */
  custom?: Record<string, unknown>;
  /** The `apns-collapse-id` header; the push id (Herald's assigned collapse id) when undefined. */
  collapseId?: string;
  /** `expire_time` of the push: `apns-expiration` must be about now + this (seconds). */
  expireTime: number;
  environment: 'product' | 'dev';
}

export interface InboxLedger {
  /** What the phone received since it was last settled. */
  fresh(phone: Phone): ReceivedNotification[];
  /** Asserts each recipient got exactly one new notification and every other phone none; settles all phones. */
  expectExactly(label: string, recipients: readonly Phone[]): Map<Phone, ReceivedNotification>;
}

export function createInboxLedger(emulator: ApnsEmulator, phones: () => readonly Phone[]): InboxLedger {
  const seen = new Map<Phone, number>();
  const fresh = (phone: Phone) => emulator.inbox(phone.vendorToken).slice(seen.get(phone) ?? 0);
  return {
    fresh,
    expectExactly(label, recipients) {
      const got = new Map<Phone, ReceivedNotification>();
      const wrong: string[] = [];
      for (const phone of phones()) {
        const news = fresh(phone);
        const want = recipients.includes(phone) ? 1 : 0;
        if (news.length !== want) wrong.push(`${phone.name}: got ${news.length}, expected ${want}`);
        if (news[0] !== undefined && want === 1) got.set(phone, news[0]);
        seen.set(phone, emulator.inbox(phone.vendorToken).length);
      }
      assert.deepEqual(wrong, [], `${label}: inboxes differ from the expected audience`);
      return got;
    },
  };
}

/** Checks one received alert notification against what the push asked for. */
export function assertAlert(n: ReceivedNotification, e: ExpectedAlert, acceptedAtMs: number): void {
  assert.equal(n.topic, e.topic);
  assert.equal(n.environment, e.environment);
  assert.equal(n.headers['apns-topic'], e.topic);
  assert.equal(n.headers['apns-push-type'], 'alert');
  assert.equal(n.headers['apns-priority'], '10');
  assert.equal(n.headers['apns-collapse-id'], e.collapseId ?? e.pushId);
  const expiration = Number(n.headers['apns-expiration']);
  const earliest = Math.floor(acceptedAtMs / 1000) + e.expireTime;
  // Dispatch happens after acceptance, within the test's few-second window.
  assert.ok(expiration >= earliest && expiration <= earliest + 30, `apns-expiration ${expiration}, expected about ${earliest}`);
  const payload = n.payload as Record<string, any>;
  const aps = payload['aps'] as Record<string, unknown>;
  assert.deepEqual(aps['alert'], { title: e.title, body: e.body });
  assert.equal(aps['badge'], e.badge);
  assert.equal(aps['sound'], e.sound);
  assert.equal(payload['herald']?.['pid'], e.pushId);
  const customKeys = Object.keys(payload).filter((k) => k !== 'aps' && k !== 'herald').sort();
  assert.deepEqual(customKeys, Object.keys(e.custom ?? {}).sort());
  for (const [k, v] of Object.entries(e.custom ?? {})) assert.deepEqual(payload[k], v);
}
