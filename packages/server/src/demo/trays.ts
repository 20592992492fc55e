/**
 * Watching the phones' notification trays. A chat message is acknowledged before its offline push is queued, so
 * "nothing arrived" is only known once Herald has nothing left to send: the push apps' task lists (TPNS
 * `get_push_record`) have no open task, and stay so for a moment. A push that must arrive is checked, once the
 * task lists have no open task, to have arrived exactly once and on that phone only, so a push wrongly made for
 * an earlier "nothing" step shows up there too.
 */
import { DemoFailure, expect, waitFor } from './demo-failure.ts';
import { tpnsAnswered, type HeraldHttp, type PushAppKeys } from './herald-http.ts';
import type { ShownNotification, VirtualPhone } from './phones.ts';

export interface PushRecord {
  pushId: string;
  status: string;
  planId: string;
  title: string;
  content: string;
}

export interface Trays {
  /** Waits for exactly one new notification on `phone` and none elsewhere. */
  expectOne(phone: VirtualPhone, what: string): Promise<ShownNotification>;
  /** Waits until Herald has nothing left to send, and checks no phone got anything new. */
  expectNone(what: string): Promise<void>;
  /** Every push task of the push app (newest first). */
  records(app: PushAppKeys): Promise<PushRecord[]>;
}

const OPEN = new Set(['PUSH_INIT', 'PUSH_WAIT', 'PUSH_STARTED']);
/** How long the task lists must stay quiet after a send before "nothing was pushed" is believed. */
const QUIET_MS = 300;
/** TPNS dates are at UTC+8 (Herald's default `HERALD_TPNS_UTC_OFFSET_MINUTES`). */
const TPNS_OFFSET_MS = 8 * 3_600_000;

function tpnsDate(epochMs: number): string {
  return new Date(epochMs + TPNS_OFFSET_MS).toISOString().slice(0, 10);
}

export function createTrays(http: HeraldHttp, phones: readonly VirtualPhone[], apps: readonly PushAppKeys[]): Trays {
  const seen = new Map(phones.map((p) => [p, p.received().length]));

  async function records(app: PushAppKeys): Promise<PushRecord[]> {
    const now = Date.now();
    const reply = await http.tpns(app, '/statistics/get_push_record', { startDate: tpnsDate(now - 86_400_000), endDate: tpnsDate(now + 86_400_000), limit: 200 });
    return tpnsAnswered(reply, 'get_push_record')['pushRecordData'] as PushRecord[];
  }

  async function settled(): Promise<number> {
    return waitFor('the push tasks to finish', async () => {
      let total = 0;
      for (const app of apps) {
        const list = await records(app);
        if (list.some((r) => OPEN.has(r.status))) return undefined;
        total += list.length;
      }
      return total;
    });
  }

  async function quiet(): Promise<void> {
    const before = await settled();
    await new Promise((r) => setTimeout(r, QUIET_MS));
    const after = await settled();
    if (after !== before) await quiet();
  }

  function unchangedExcept(phone: VirtualPhone | undefined, what: string): void {
    for (const other of phones) {
      if (other === phone) continue;
      const extra = other.received().slice(seen.get(other)!);
      if (extra.length > 0) throw new DemoFailure(`${what}: ${other.name} unexpectedly received ${JSON.stringify(extra.map((n) => n.body))}`);
    }
  }

  return {
    records,
    async expectOne(phone, what) {
      const before = seen.get(phone)!;
      const n = await waitFor(`${what} on ${phone.name}`, () => phone.received()[before]);
      // Any push queued with or before this one has been sent once no task is open.
      await settled();
      const got = phone.received().length - before;
      expect(got === 1, `${what}: ${phone.name} received ${got} notifications, expected exactly 1: ${JSON.stringify(phone.received().slice(before).map((x) => x.body))}`);
      unchangedExcept(phone, what);
      seen.set(phone, before + 1);
      return n;
    },
    async expectNone(what) {
      await quiet();
      unchangedExcept(undefined, what);
    },
  };
}
