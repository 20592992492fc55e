/**
 * Bulk seeding inside the server process, through its own store: the template member's rows are read back, a
 * copy per seeded member is made (seed-rows.ts), and every table is written with multi-row INSERTs in one
 * transaction, with the group's member_count raised in SQL as admitMembers does. Going through the public APIs
 * would take hours for 100,000 members; the real-API members and the shape check stand in for it.
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { ServerContext } from '../../packages/server/src/context.ts';
import { insertMany } from '../../packages/server/src/store/insert-many.ts';
import { seededUserId, vendorToken } from './member-names.ts';
import { seededRows } from './seed-rows.ts';
import { memberRows } from './server-queries.ts';
import { MEMBER_TABLES, type MemberTable, type Row, type SeedRequestBody, type SeedResult } from './types.ts';

export async function seedMembers(ctx: ServerContext, r: SeedRequestBody): Promise<SeedResult> {
  const started = performance.now();
  const found = (await memberRows(ctx, r.scope, [r.template]))[r.template]!;
  const template = {} as Record<MemberTable, Row>;
  for (const table of MEMBER_TABLES) {
    const row = found[table];
    if (row === null) throw new Error(`template member ${r.template} has no ${table} row: was it set up through the real flows?`);
    template[table] = row;
  }
  const now = ctx.clock.now();
  const rows = Object.fromEntries(MEMBER_TABLES.map((t) => [t, [] as Row[]])) as Record<MemberTable, Row[]>;
  for (let i = 0; i < r.count; i++) {
    const one = seededRows(template, { userId: seededUserId(i), vendorToken: vendorToken(r.tokenSeed, i), now });
    for (const table of MEMBER_TABLES) rows[table].push(one[table]);
  }
  const inserted = {} as Record<MemberTable, number>;
  await ctx.store.transaction(async (trx) => {
    for (const table of MEMBER_TABLES) inserted[table] = await insertMany(trx, table, rows[table] as never[]);
    await trx.updateTable('im_group')
      .set({ member_count: sql<number>`member_count + ${r.count}`, updated_at: now })
      .where('sdk_app_id', '=', r.scope.sdkAppId).where('group_id', '=', r.scope.groupId)
      .execute();
  });
  return { seconds: (performance.now() - started) / 1000, rows: inserted };
}
