/**
 * The store contract: one suite that every adapter must pass. `describeStoreContract(name, makeHarness)`
 * registers it for one adapter; the harness opens stores on one fresh database (more than one store may be
 * open on it at once, like several processes) and removes that database at the end.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql, type Insertable } from 'kysely';
import { isUniqueViolation } from '../../src/store/unique-violation.ts';
import { insertMany } from '../../src/store/insert-many.ts';
import { migrations, runMigrations } from '../../src/store/migrations.ts';
import { pruneQueue } from '../../src/store/sql-queue.ts';
import type { Database } from '../../src/store/schema.ts';
import type { Store } from '../../src/store/store.ts';

export interface StoreHarness {
  /** Opens another store on the harness's database; the caller closes it. */
  open(o?: { now?: () => number }): Promise<Store>;
  /** Removes the database (every store opened on it must be closed first). */
  cleanup(): Promise<void>;
}

/** Above 2^31 and 2^32, so a 32-bit column or parser would show. */
const T0 = 1_790_000_000_123;
const BIG = 2 ** 40 + 7;

type Row<T extends keyof Database> = Insertable<Database[T]>;

function device(token: string, over: Partial<Row<'device'>> = {}): Row<'device'> {
  return {
    token,
    access_id: 1_500_000_001,
    platform: 'ios',
    channel: 'apns',
    vendor_token: `vt-${token}`,
    environment: 'product',
    secret_hash: 'ab'.repeat(32),
    app_version: '1.2.3',
    sdk_version: '0.1.0',
    locale: 'zh-CN',
    time_zone: 'Asia/Shanghai',
    system_version: '17.4',
    device_brand: 'Apple',
    device_model: 'iPhone15,2',
    badge: 3,
    status: 'active',
    invalid_reason: null,
    created_at: T0,
    updated_at: T0 + 1,
    last_active_at: BIG,
    ...over,
  };
}

export function describeStoreContract(name: string, makeHarness: () => Promise<StoreHarness>): void {
  describe(`store contract: ${name}`, () => {
    let harness: StoreHarness | undefined;
    let store: Store;
    const clock = { now: T0 };
    const now = () => clock.now;

    before(async () => {
      harness = await makeHarness();
      store = await harness.open({ now });
    });
    after(async () => {
      await store?.close();
      await harness?.cleanup();
    });

    describe('migrations', () => {
      it('are idempotent: a second open and a second run change nothing', async () => {
        const again = await harness!.open();
        try {
          assert.deepEqual(await runMigrations(again.db, again.dialect, now), []);
        } finally {
          await again.close();
        }
        const rows = await sql<{ version: number }>`select version from herald_migration order by version`.execute(store.db);
        assert.deepEqual(rows.rows.map((r) => Number(r.version)), migrations.map((m) => m.version));
      });

      it('refuse a database whose schema is newer than the code', async () => {
        await sql`insert into herald_migration (version, name, applied_at) values (999, 'future', 1)`.execute(store.db);
        try {
          await assert.rejects(harness!.open(), (err: Error) => /newer than this Herald/.test(err.message));
        } finally {
          await sql`delete from herald_migration where version = 999`.execute(store.db);
        }
      });
    });

    describe('round trips', () => {
      it('product, app, credential (generated ids, nullable columns, JSON text)', async () => {
        const product = { name: 'Demo 产品', description: 'd', category: 'social', access_point: 'guangzhou', created_at: T0, updated_at: BIG };
        const { product_id } = await store.db.insertInto('product').values(product).returning('product_id').executeTakeFirstOrThrow();
        assert.equal(typeof product_id, 'number');
        assert.deepEqual(await store.db.selectFrom('product').selectAll().where('product_id', '=', product_id).executeTakeFirst(), { product_id, ...product });

        const app = {
          access_id: 1_500_000_001, product_id, platform: 'ios' as const, bundle_id: 'com.example.app', access_key: 'AK',
          secret_key_sealed: 'sealed:abc', service_mode: 'standard', im_sdk_app_id: null, created_at: T0, updated_at: BIG,
        };
        await store.db.insertInto('app').values(app).execute();
        assert.deepEqual(await store.db.selectFrom('app').selectAll().where('access_id', '=', app.access_id).executeTakeFirst(), app);
        await store.db.updateTable('app').set({ im_sdk_app_id: 1_400_000_000 }).where('access_id', '=', app.access_id).execute();
        const updated = await store.db.selectFrom('app').select('im_sdk_app_id').where('access_id', '=', app.access_id).executeTakeFirstOrThrow();
        assert.equal(updated.im_sdk_app_id, 1_400_000_000);

        const meta = JSON.stringify({ keyId: 'ABC123DEFG', topics: ['com.example.app', 'com.example.app.voip'], note: 'ü✓"\\' });
        const credential = {
          access_id: app.access_id, channel: 'apns', environment: 'product', kind: 'p8', secret_sealed: 'sealed', meta_json: meta,
          created_at: T0, updated_at: BIG,
        };
        const { credential_id } = await store.db.insertInto('credential').values(credential).returning('credential_id').executeTakeFirstOrThrow();
        const got = await store.db.selectFrom('credential').selectAll().where('credential_id', '=', credential_id).executeTakeFirstOrThrow();
        assert.deepEqual(got, { credential_id, ...credential });
        assert.deepEqual(JSON.parse(got.meta_json), JSON.parse(meta));
      });

      it('device, account_binding, tag, plan', async () => {
        const d = device('rt-device-000000000000000000000000001');
        await store.db.insertInto('device').values(d).execute();
        assert.deepEqual(await store.db.selectFrom('device').selectAll().where('token', '=', d.token).executeTakeFirst(), d);

        const binding = { access_id: d.access_id, token: d.token, account: 'alice@example.com', account_type: 1, bound_at: BIG };
        await store.db.insertInto('account_binding').values(binding).execute();
        assert.deepEqual(await store.db.selectFrom('account_binding').selectAll().where('token', '=', d.token).execute(), [binding]);

        const tag = { access_id: d.access_id, token: d.token, tag: '北京', tag_type: 'xg_user_define', created_at: T0 };
        await store.db.insertInto('tag').values(tag).execute();
        assert.deepEqual(await store.db.selectFrom('tag').selectAll().where('token', '=', d.token).execute(), [tag]);

        const plan = { plan_id: 'plan-rt', access_id: d.access_id, plan_name: 'IM', plan_describe: '', plan_push_source: 'im', created_at: T0, updated_at: BIG };
        await store.db.insertInto('plan').values(plan).execute();
        assert.deepEqual(await store.db.selectFrom('plan').selectAll().where('plan_id', '=', plan.plan_id).executeTakeFirst(), plan);
      });

      it('push_task, push_delivery, push_stat, push_receipt', async () => {
        const task = {
          push_id: 'rt-task', access_id: 1_500_000_001, plan_id: 'plan-rt', audience_type: 'all', message_type: 'notify',
          environment: 'product' as const, request_json: JSON.stringify({ message: { title: 't', content: '你好' } }),
          status: 'PUSH_INIT', send_at: T0, expire_at: T0 + 72 * 3600_000, collapse_id: 4_000_000_000, seq: BIG,
          upload_id: null, created_at: T0, updated_at: T0, started_at: null, finished_at: BIG,
        };
        await store.db.insertInto('push_task').values(task).execute();
        assert.deepEqual(await store.db.selectFrom('push_task').selectAll().where('push_id', '=', task.push_id).executeTakeFirst(), task);

        const delivery = { push_id: task.push_id, token: 'tok', access_id: task.access_id, channel: 'apns', outcome: 'rejected', reason: 'BadDeviceToken', created_at: BIG };
        await store.db.insertInto('push_delivery').values(delivery).execute();
        assert.deepEqual(await store.db.selectFrom('push_delivery').selectAll().where('push_id', '=', task.push_id).execute(), [delivery]);

        const stat = {
          push_id: task.push_id, access_id: task.access_id, plan_id: task.plan_id, channel: 'apns', day: '20260914',
          targeted: BIG, sent: 5, arrived: 4, clicked: 1, failed: 0, invalid: 1, expired: 0,
        };
        await store.db.insertInto('push_stat').values(stat).execute();
        await store.db.updateTable('push_stat').set((eb) => ({ sent: eb('sent', '+', 2) })).where('push_id', '=', task.push_id).execute();
        assert.deepEqual(await store.db.selectFrom('push_stat').selectAll().where('push_id', '=', task.push_id).executeTakeFirst(), { ...stat, sent: 7 });
        const sum = await store.db.selectFrom('push_stat').select((eb) => eb.fn.sum<number>('sent').as('s')).where('access_id', '=', task.access_id).executeTakeFirstOrThrow();
        assert.equal(sum.s, 7);

        const receipt = { push_id: task.push_id, token: 'tok', kind: 'clicked' as const, created_at: BIG };
        await store.db.insertInto('push_receipt').values(receipt).execute();
        assert.deepEqual(await store.db.selectFrom('push_receipt').selectAll().where('push_id', '=', task.push_id).execute(), [receipt]);
      });

      it('upload, upload_item, replay_guard', async () => {
        const upload = { access_id: 1_500_000_001, file_name: 'accounts.txt', line_count: 2, created_at: BIG };
        const { upload_id } = await store.db.insertInto('upload').values(upload).returning('upload_id').executeTakeFirstOrThrow();
        assert.deepEqual(await store.db.selectFrom('upload').selectAll().where('upload_id', '=', upload_id).executeTakeFirst(), { upload_id, ...upload });
        const items = [{ upload_id, seq: 0, value: 'alice' }, { upload_id, seq: 1, value: 'bob' }];
        await store.db.insertInto('upload_item').values(items).execute();
        assert.deepEqual(await store.db.selectFrom('upload_item').selectAll().where('upload_id', '=', upload_id).orderBy('seq').execute(), items);

        const guard = { access_id: 1_500_000_001, sign: 'c2lnbg==', expires_at: BIG };
        await store.db.insertInto('replay_guard').values(guard).execute();
        assert.deepEqual(await store.db.selectFrom('replay_guard').selectAll().where('sign', '=', guard.sign).execute(), [guard]);
      });

      it('queue_job rows keep JSON tokens and big times', async () => {
        await store.db.deleteFrom('queue_job').execute();
        const tokens = ['tok-a', 'tok-"b"', 'tok-ü'];
        await store.queue.enqueue([{ push_id: 'rt-q', access_id: 1_500_000_001, kind: 'send', tokens, available_at: BIG }]);
        const row = await store.db.selectFrom('queue_job').selectAll().where('push_id', '=', 'rt-q').executeTakeFirstOrThrow();
        assert.equal(typeof row.job_id, 'number');
        assert.deepEqual(JSON.parse(row.tokens_json!), tokens);
        assert.deepEqual({ ...row, job_id: 0 }, {
          job_id: 0, push_id: 'rt-q', access_id: 1_500_000_001, kind: 'send', state: 'pending', cursor: null,
          tokens_json: JSON.stringify(tokens), attempt: 0, available_at: BIG, lease_owner: null, lease_until: null,
          created_at: T0, updated_at: T0,
        });
        await store.db.deleteFrom('queue_job').execute();
      });
    });

    describe('constraints', () => {
      it('unique violations surface as errors that isUniqueViolation recognises', async () => {
        const cases: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
          [
            'device token primary key',
            () => store.db.insertInto('device').values(device('uq-token-0000000000000000000000000001')).execute(),
            () => store.db.insertInto('device').values(device('uq-token-0000000000000000000000000001', { vendor_token: 'other' })).execute(),
          ],
          [
            'device (access_id, channel, vendor_token)',
            () => store.db.insertInto('device').values(device('uq-token-0000000000000000000000000002', { vendor_token: 'same' })).execute(),
            () => store.db.insertInto('device').values(device('uq-token-0000000000000000000000000003', { vendor_token: 'same' })).execute(),
          ],
          [
            'one account per type per token',
            () => store.db.insertInto('account_binding').values({ access_id: 1, token: 'uq-t', account: 'a', account_type: 0, bound_at: T0 }).execute(),
            () => store.db.insertInto('account_binding').values({ access_id: 1, token: 'uq-t', account: 'b', account_type: 0, bound_at: T0 }).execute(),
          ],
          [
            'app (product_id, platform)',
            () => store.db.insertInto('app').values({ access_id: 1_500_000_100, product_id: 77, platform: 'android', bundle_id: 'x', access_key: 'k', secret_key_sealed: 's', service_mode: 'standard', im_sdk_app_id: null, created_at: T0, updated_at: T0 }).execute(),
            () => store.db.insertInto('app').values({ access_id: 1_500_000_101, product_id: 77, platform: 'android', bundle_id: 'y', access_key: 'k', secret_key_sealed: 's', service_mode: 'standard', im_sdk_app_id: null, created_at: T0, updated_at: T0 }).execute(),
          ],
          [
            'credential (access_id, channel, environment)',
            () => store.db.insertInto('credential').values({ access_id: 9, channel: 'apns', environment: 'dev', kind: 'p8', secret_sealed: 's', meta_json: '{}', created_at: T0, updated_at: T0 }).execute(),
            () => store.db.insertInto('credential').values({ access_id: 9, channel: 'apns', environment: 'dev', kind: 'p12', secret_sealed: 's', meta_json: '{}', created_at: T0, updated_at: T0 }).execute(),
          ],
          [
            'replay_guard (access_id, sign)',
            () => store.db.insertInto('replay_guard').values({ access_id: 1, sign: 'uq-sign', expires_at: T0 }).execute(),
            () => store.db.insertInto('replay_guard').values({ access_id: 1, sign: 'uq-sign', expires_at: T0 + 1 }).execute(),
          ],
        ];
        for (const [label, first, second] of cases) {
          await first();
          await assert.rejects(second(), (err) => isUniqueViolation(err), label);
        }
      });

      it('isUniqueViolation is false for other failures', async () => {
        // A NOT NULL violation is a constraint error too, but not a duplicate.
        const notNull = await store.db
          .insertInto('plan')
          .values({ plan_id: 'nn', access_id: 1, plan_name: null as unknown as string, plan_describe: '', plan_push_source: 'api', created_at: T0, updated_at: T0 })
          .execute()
          .then(() => undefined, (err: unknown) => err);
        assert.ok(notNull instanceof Error);
        assert.equal(isUniqueViolation(notNull), false);
        assert.equal(isUniqueViolation(new Error('x')), false);
        assert.equal(isUniqueViolation(null), false);
      });
    });

    describe('transactions', () => {
      it('roll back on throw and commit on return', async () => {
        await assert.rejects(
          store.transaction(async (trx) => {
            await trx.insertInto('device').values(device('tx-rollback-00000000000000000000000001')).execute();
            await store.queue.enqueue([{ push_id: 'tx-rollback', access_id: 1, kind: 'resolve', available_at: 0 }], trx);
            throw new Error('boom');
          }),
          /boom/,
        );
        assert.equal(await store.db.selectFrom('device').select('token').where('token', '=', 'tx-rollback-00000000000000000000000001').executeTakeFirst(), undefined);
        assert.equal(await store.db.selectFrom('queue_job').select('job_id').where('push_id', '=', 'tx-rollback').executeTakeFirst(), undefined);

        const result = await store.transaction(async (trx) => {
          await trx.insertInto('device').values(device('tx-commit-0000000000000000000000000001')).execute();
          await store.queue.enqueue([{ push_id: 'tx-commit', access_id: 1, kind: 'resolve', cursor: 'c0', available_at: 0 }], trx);
          return 42;
        });
        assert.equal(result, 42);
        assert.ok(await store.db.selectFrom('device').select('token').where('token', '=', 'tx-commit-0000000000000000000000000001').executeTakeFirst());
        const job = await store.db.selectFrom('queue_job').selectAll().where('push_id', '=', 'tx-commit').executeTakeFirstOrThrow();
        assert.equal(job.cursor, 'c0');
        assert.equal(job.tokens_json, null);
        await store.db.deleteFrom('queue_job').execute();
      });

      it('ping answers', async () => {
        await store.ping();
      });
    });

    describe('insertMany', () => {
      it('inserts large batches in chunks within the bind-parameter limit', async () => {
        const rows = Array.from({ length: 12_000 }, (_, i) => ({
          push_id: 'bulk', token: `t${String(i).padStart(35, '0')}`, access_id: 1_500_000_001, channel: 'apns',
          outcome: 'delivered', reason: null, created_at: BIG,
        }));
        const inserted = await store.transaction((trx) => insertMany(trx, 'push_delivery', rows));
        assert.equal(inserted, rows.length);
        const count = await store.db.selectFrom('push_delivery').select((eb) => eb.fn.countAll<number>().as('n')).where('push_id', '=', 'bulk').executeTakeFirstOrThrow();
        assert.equal(count.n, rows.length);
      });

      it('skips conflicting rows with onConflictDoNothing and reports what it inserted', async () => {
        const rows = (from: number, to: number) =>
          Array.from({ length: to - from }, (_, k) => ({ upload_id: 424242, seq: from + k, value: `v${from + k}` }));
        assert.equal(await insertMany(store.db, 'upload_item', rows(0, 10), { chunkSize: 3 }), 10);
        assert.equal(await insertMany(store.db, 'upload_item', rows(5, 15), { chunkSize: 4, onConflictDoNothing: true }), 5);
        await assert.rejects(insertMany(store.db, 'upload_item', rows(14, 16)), (err) => isUniqueViolation(err));
        const n = await store.db.selectFrom('upload_item').select((eb) => eb.fn.countAll<number>().as('n')).where('upload_id', '=', 424242).executeTakeFirstOrThrow();
        assert.equal(n.n, 15);
        assert.equal(await insertMany(store.db, 'upload_item', []), 0);
      });
    });

    describe('push queue', () => {
      const job = (push_id: string, available_at: number, tokens: string[] | null = ['a', 'b']) => ({
        push_id, access_id: 1_500_000_001, kind: 'send' as const, tokens, available_at,
      });

      beforeEach(async () => {
        await store.db.deleteFrom('queue_job').execute();
        clock.now = T0;
      });

      it('leases available jobs in order, up to the limit, and not before available_at', async () => {
        assert.equal(await store.queue.depth(), 0);
        assert.equal(await store.queue.nextAvailableAt(), null);
        await store.queue.enqueue([job('q1', T0 + 20), job('q1', T0 + 10), job('q1', T0 + 10), job('q1', T0 + 5_000)]);
        assert.equal(await store.queue.depth(), 4);
        assert.equal(await store.queue.nextAvailableAt(), T0 + 10);
        assert.deepEqual(await store.queue.lease('w1', 10, 1_000, T0), []);

        const leased = await store.queue.lease('w1', 2, 1_000, T0 + 20);
        assert.equal(leased.length, 2);
        assert.ok(leased.every((j) => j.available_at === T0 + 10 && j.state === 'leased' && j.lease_owner === 'w1' && j.lease_until === T0 + 1_020));
        assert.ok(leased[0]!.job_id < leased[1]!.job_id);
        assert.deepEqual(JSON.parse(leased[0]!.tokens_json!), ['a', 'b']);

        const rest = await store.queue.lease('w2', 10, 1_000, T0 + 20);
        assert.deepEqual(rest.map((j) => j.available_at), [T0 + 20]);
        assert.equal(await store.queue.depth(), 4);
        assert.equal(await store.queue.nextAvailableAt(), T0 + 5_000);
        assert.deepEqual(await store.queue.lease('w3', 0, 1_000, T0 + 10_000), []);
      });

      it('complete needs the lease owner and counts once', async () => {
        await store.queue.enqueue([job('q2', T0)]);
        const [j] = await store.queue.lease('w1', 1, 1_000, T0);
        assert.ok(j);
        assert.equal(await store.queue.complete(j.job_id, 'intruder'), false);
        assert.equal(await store.queue.complete(j.job_id, 'w1'), true);
        assert.equal(await store.queue.complete(j.job_id, 'w1'), false);
        assert.equal(await store.queue.depth(), 0);
        assert.deepEqual(await store.queue.lease('w1', 1, 1_000, T0 + 60_000), []);
        const row = await store.db.selectFrom('queue_job').selectAll().where('job_id', '=', j.job_id).executeTakeFirstOrThrow();
        assert.equal(row.state, 'done');
      });

      it('complete inside a transaction commits or rolls back with it', async () => {
        await store.queue.enqueue([job('q2t', T0)]);
        const [j] = await store.queue.lease('w1', 1, 1_000, T0);
        assert.ok(j);
        await assert.rejects(store.transaction(async (trx) => {
          assert.equal(await store.queue.complete(j.job_id, 'w1', trx), true);
          throw new Error('undo');
        }));
        assert.equal(await store.queue.depth(), 1);
        assert.equal(await store.transaction((trx) => store.queue.complete(j.job_id, 'w1', trx)), true);
        assert.equal(await store.queue.depth(), 0);
      });

      it('release makes the job pending again, optionally with fewer tokens and a bumped attempt', async () => {
        await store.queue.enqueue([job('q3', T0, ['a', 'b', 'c'])]);
        const [j] = await store.queue.lease('w1', 1, 1_000, T0);
        assert.ok(j);
        assert.equal(await store.queue.release(j.job_id, 'intruder', T0 + 500), false);
        assert.equal(await store.queue.release(j.job_id, 'w1', T0 + 500, { bumpAttempt: true, tokens: ['c'] }), true);
        assert.equal(await store.queue.release(j.job_id, 'w1', T0 + 500), false);
        assert.equal(await store.queue.nextAvailableAt(), T0 + 500);
        assert.deepEqual(await store.queue.lease('w2', 1, 1_000, T0 + 499), []);
        const [again] = await store.queue.lease('w2', 1, 1_000, T0 + 500);
        assert.ok(again);
        assert.equal(again.job_id, j.job_id);
        assert.equal(again.attempt, 1);
        assert.deepEqual(JSON.parse(again.tokens_json!), ['c']);

        // Without options the tokens and attempt stay as they are.
        assert.equal(await store.queue.release(again.job_id, 'w2', T0 + 600), true);
        const [third] = await store.queue.lease('w3', 1, 1_000, T0 + 600);
        assert.equal(third?.attempt, 1);
        assert.deepEqual(JSON.parse(third!.tokens_json!), ['c']);
      });

      it('an expired lease is taken over, and the old owner loses complete/extend/release', async () => {
        await store.queue.enqueue([job('q4', T0)]);
        const [j] = await store.queue.lease('w1', 1, 100, T0);
        assert.ok(j);
        assert.deepEqual(await store.queue.lease('w2', 1, 100, T0 + 99), []);
        const [taken] = await store.queue.lease('w2', 1, 100, T0 + 100);
        assert.ok(taken);
        assert.equal(taken.job_id, j.job_id);
        assert.equal(taken.lease_owner, 'w2');
        assert.equal(taken.attempt, 1);
        assert.equal(await store.queue.extend(j.job_id, 'w1', T0 + 10_000), false);
        assert.equal(await store.queue.release(j.job_id, 'w1', T0), false);
        assert.equal(await store.queue.complete(j.job_id, 'w1'), false);
        assert.equal(await store.queue.complete(j.job_id, 'w2'), true);
      });

      it('extend pushes the lease forward for its owner only', async () => {
        await store.queue.enqueue([job('q5', T0)]);
        const [j] = await store.queue.lease('w1', 1, 100, T0);
        assert.ok(j);
        assert.equal(await store.queue.extend(j.job_id, 'intruder', T0 + 1_000), false);
        assert.equal(await store.queue.extend(j.job_id, 'w1', T0 + 1_000), true);
        assert.deepEqual(await store.queue.lease('w2', 1, 100, T0 + 500), []);
        assert.equal((await store.queue.lease('w2', 1, 100, T0 + 1_000)).length, 1);
      });

      it('closeTask closes pending and leased jobs of that task only', async () => {
        await store.queue.enqueue([job('q6', T0), job('q6', T0), job('q6', T0 + 9_000), job('other', T0 + 1)]);
        const [done, held] = await store.queue.lease('w1', 2, 1_000, T0 + 1);
        assert.ok(done && held && done.push_id === 'q6' && held.push_id === 'q6');
        assert.equal(await store.queue.complete(done.job_id, 'w1'), true);

        assert.equal(await store.queue.closeTask('q6', 'cancelled'), 2);
        assert.equal(await store.queue.closeTask('q6', 'expired'), 0);
        assert.equal(await store.queue.complete(held.job_id, 'w1'), false);
        const states = await store.db.selectFrom('queue_job').select('state').where('push_id', '=', 'q6').orderBy('job_id').execute();
        assert.deepEqual(states.map((r) => r.state), ['done', 'cancelled', 'cancelled']);
        assert.equal(await store.queue.depth(), 1);
        assert.equal(await store.queue.nextAvailableAt(), T0 + 1);
      });

      it('pruneQueue deletes finished jobs only', async () => {
        await store.queue.enqueue([job('q7', T0), job('q7', T0)]);
        const [j] = await store.queue.lease('w1', 1, 1_000, T0);
        assert.ok(j);
        await store.queue.complete(j.job_id, 'w1');
        clock.now = T0 + 10;
        assert.equal(await pruneQueue(store.db, T0 + 5), 1);
        assert.equal(await store.queue.depth(), 1);
      });

      it('concurrent leasers on two stores never share a job', async () => {
        const total = 200;
        await store.queue.enqueue(Array.from({ length: total }, (_, i) => job(`c${i % 7}`, T0 + (i % 13))));
        const other = await harness!.open({ now });
        try {
          const seen: number[] = [];
          const worker = async (s: Store, owner: string) => {
            // Bounded: each round takes at least one job until none are left.
            for (let round = 0; round < total + 1; round++) {
              const jobs = await s.queue.lease(owner, 7, 60_000, T0 + 100);
              if (jobs.length === 0) return;
              for (const j of jobs) {
                assert.equal(j.lease_owner, owner);
                seen.push(j.job_id);
                assert.equal(await s.queue.complete(j.job_id, owner), true);
              }
            }
          };
          await Promise.all([worker(store, 'a1'), worker(store, 'a2'), worker(other, 'b1'), worker(other, 'b2')]);
          assert.equal(seen.length, total);
          assert.equal(new Set(seen).size, total);
          assert.equal(await store.queue.depth(), 0);
        } finally {
          await other.close();
        }
      });
    });
  });
}
