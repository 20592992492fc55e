/**
 * IM accounts (Tencent's "import account"): importing is idempotent — one account per UserID per app — and a
 * re-import updates the nickname and face URL it carries, leaving the ones it omits as they were.
 */
import type { Kysely } from 'kysely';
import type { ServerContext } from '../../context.ts';
import type { Database } from '../../store/schema.ts';
import type { ImUserRow } from './im-rows.ts';

export interface AccountInput {
  userId: string;
  nick?: string | undefined;
  faceUrl?: string | undefined;
}

export async function importAccount(ctx: ServerContext, sdkAppId: number, input: AccountInput, db: Kysely<Database> = ctx.store.db): Promise<void> {
  const now = ctx.clock.now();
  const update: { nickname?: string; face_url?: string; updated_at?: number } = {};
  if (input.nick !== undefined) update.nickname = input.nick;
  if (input.faceUrl !== undefined) update.face_url = input.faceUrl;
  if (Object.keys(update).length > 0) update.updated_at = now;
  await db.insertInto('im_user')
    .values({
      sdk_app_id: sdkAppId, user_id: input.userId, nickname: input.nick ?? '', face_url: input.faceUrl ?? '',
      profile_json: '{}', created_at: now, updated_at: now,
    })
    .onConflict((oc) => {
      const target = oc.columns(['sdk_app_id', 'user_id']);
      return Object.keys(update).length > 0 ? target.doUpdateSet(update) : target.doNothing();
    })
    .execute();
}

/** The accounts among `userIds` that exist in the app, by UserID. */
export async function findImUsers(db: Kysely<Database>, sdkAppId: number, userIds: readonly string[]): Promise<Map<string, ImUserRow>> {
  const found = new Map<string, ImUserRow>();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('im_user').selectAll()
      .where('sdk_app_id', '=', sdkAppId).where('user_id', 'in', unique.slice(i, i + 500)).execute();
    for (const row of rows) found.set(row.user_id, row);
  }
  return found;
}
