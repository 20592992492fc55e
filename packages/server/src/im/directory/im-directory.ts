/**
 * The console's lists of an IM app's accounts (with each device's state under Tencent's names) and groups (with
 * type and member count), a page at a time, optionally narrowed to IDs starting with a prefix. Read only; the
 * prefix is compared exactly (UserIDs and group IDs are case-sensitive in IM).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { requireImApp } from '../identity/im-app-service.ts';
import { TENCENT_STATE_NAMES } from '../offline-push-check/self-check-texts.ts';

export const DIRECTORY_PAGE_MAX = 100;

export interface DirectoryPage {
  /** IDs starting with this; '' for all. */
  prefix: string;
  offset: number;
  limit: number;
}

export interface DirectoryUser {
  userId: string;
  nickname: string;
  createdAt: number;
  devices: Array<{ deviceId: string; platform: string; state: string; stateChangedAt: number; lastSeenAt: number }>;
}

export interface DirectoryGroup {
  groupId: string;
  type: string;
  name: string;
  owner: string | null;
  memberCount: number;
  maxMembers: number;
  createdAt: number;
  lastMessageAt: number;
}

/** `substr(column, 1, n) = prefix`: the same exact, case-sensitive comparison in SQLite and PostgreSQL. */
function startsWith(column: 'user_id' | 'group_id', prefix: string) {
  return sql<string>`substr(${sql.ref(column)}, 1, ${sql.lit(prefix.length)})`;
}

export async function listImUsers(db: Kysely<Database>, sdkAppId: number, page: DirectoryPage): Promise<{ sdkAppId: number; total: number; users: DirectoryUser[] } & DirectoryPage> {
  await requireImApp(db, sdkAppId);
  let base = db.selectFrom('im_user').where('sdk_app_id', '=', sdkAppId);
  if (page.prefix !== '') base = base.where(startsWith('user_id', page.prefix), '=', page.prefix);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.select(['user_id', 'nickname', 'created_at']).orderBy('user_id').limit(page.limit).offset(page.offset).execute();
  const ids = rows.map((r) => r.user_id);
  const devices = ids.length === 0 ? [] : await db.selectFrom('im_device').select(['user_id', 'device_id', 'platform', 'state', 'state_changed_at', 'last_seen_at'])
    .where('sdk_app_id', '=', sdkAppId).where('user_id', 'in', ids).orderBy('device_id').execute();
  return {
    sdkAppId, ...page, total: Number(count.n),
    users: rows.map((r) => ({
      userId: r.user_id, nickname: r.nickname, createdAt: Number(r.created_at),
      devices: devices.filter((d) => d.user_id === r.user_id).map((d) => ({
        deviceId: d.device_id, platform: d.platform, state: TENCENT_STATE_NAMES[d.state] ?? d.state,
        stateChangedAt: Number(d.state_changed_at), lastSeenAt: Number(d.last_seen_at),
      })),
    })),
  };
}

export async function listImGroups(db: Kysely<Database>, sdkAppId: number, page: DirectoryPage): Promise<{ sdkAppId: number; total: number; groups: DirectoryGroup[] } & DirectoryPage> {
  await requireImApp(db, sdkAppId);
  let base = db.selectFrom('im_group').where('sdk_app_id', '=', sdkAppId);
  if (page.prefix !== '') base = base.where(startsWith('group_id', page.prefix), '=', page.prefix);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await base.select(['group_id', 'type', 'name', 'owner', 'member_count', 'max_members', 'created_at', 'last_time'])
    .orderBy('group_id').limit(page.limit).offset(page.offset).execute();
  return {
    sdkAppId, ...page, total: Number(count.n),
    groups: rows.map((r) => ({
      groupId: r.group_id, type: r.type, name: r.name, owner: r.owner, memberCount: Number(r.member_count), maxMembers: Number(r.max_members),
      createdAt: Number(r.created_at), lastMessageAt: Number(r.last_time),
    })),
  };
}
