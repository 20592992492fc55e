/**
 * The group half of a user's total unread count runs on every stored C2C message (delivery-facts.ts), so its
 * SQLite plan must start from the user's own memberships and reach each group's messages by primary key. On a
 * database without statistics SQLite otherwise chose to scan every group message of the app.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createStore } from '../../src/store/create-store.ts';
import { groupUnreadTotalSql } from '../../src/im/messages/unread-totals.ts';

test('the group unread total starts from the user index and reads messages by primary key range', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-unread-plan-'));
  const store = await createStore({ dataDir, databaseUrl: '' });
  try {
    const compiled = groupUnreadTotalSql({ sdkAppId: 1400000001, userId: 'alice' }).compile(store.db);
    const plan = (await store.db.executeQuery({ ...compiled, sql: `explain query plan ${compiled.sql}` })).rows
      .map((r) => String((r as { detail: string }).detail));
    assert.match(plan[0] ?? '', /USING COVERING INDEX im_group_member_user_idx \(sdk_app_id=\? AND user_id=\?\)/);
    assert.ok(plan.some((step) => /SEARCH m USING PRIMARY KEY \(sdk_app_id=\? AND group_id=\? AND seq>\?\)/.test(step)), plan.join('\n'));
    assert.ok(!plan.some((step) => step.startsWith('SCAN')), plan.join('\n'));
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
