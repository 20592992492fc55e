/**
 * Custom tags on tokens (TPNS tag API, tpns-and-im-offline-push.md §1.10): at most 10,000 distinct tags per app
 * and 100 per token; a tag may hold any number of tokens. Every function runs inside the caller's
 * transaction, so a request that breaks a limit half-way changes nothing.
 */
import type { Kysely } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { Database } from '../../store/schema.ts';
import { insertMany } from '../../store/insert-many.ts';
import { MAX_TAGS_PER_APP, MAX_TAGS_PER_TOKEN } from '../model/limits.ts';

export const USER_TAG_TYPE = 'xg_user_define';

export interface TagPair {
  token: string;
  tag: string;
}

/** SQLite's bind-parameter limit is far above this; it keeps `in (…)` lists short on both dialects. */
const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function groupByToken(pairs: readonly TagPair[]): Map<string, Set<string>> {
  const byToken = new Map<string, Set<string>>();
  for (const { token, tag } of pairs) {
    let tags = byToken.get(token);
    if (tags === undefined) byToken.set(token, (tags = new Set()));
    tags.add(tag);
  }
  return byToken;
}

export async function addTags(db: Kysely<Database>, accessId: number, pairs: readonly TagPair[], now: number): Promise<number> {
  const byToken = groupByToken(pairs);
  const fresh: TagPair[] = [];
  for (const [token, tags] of byToken) {
    const current = await db.selectFrom('tag').select('tag').where('access_id', '=', accessId).where('token', '=', token).execute();
    const have = new Set(current.map((r) => r.tag));
    const added = [...tags].filter((t) => !have.has(t));
    if (have.size + added.length > MAX_TAGS_PER_TOKEN) {
      throw heraldError('TAG_LIMIT', `Token ${token} would have ${have.size + added.length} tags; at most ${MAX_TAGS_PER_TOKEN} are allowed`);
    }
    for (const tag of added) fresh.push({ token, tag });
  }
  if (fresh.length === 0) return 0;
  const candidates = [...new Set(fresh.map((p) => p.tag))];
  const known = new Set<string>();
  for (const part of chunks(candidates)) {
    const rows = await db.selectFrom('tag').select('tag').distinct().where('access_id', '=', accessId).where('tag', 'in', part).execute();
    for (const r of rows) known.add(r.tag);
  }
  const newTags = candidates.filter((t) => !known.has(t)).length;
  if (newTags > 0) {
    const count = await db.selectFrom('tag').select((eb) => eb.fn.count<number>('tag').distinct().as('n')).where('access_id', '=', accessId).executeTakeFirst();
    const total = Number(count?.n ?? 0) + newTags;
    if (total > MAX_TAGS_PER_APP) throw heraldError('TAG_LIMIT', `The app would have ${total} tags; at most ${MAX_TAGS_PER_APP} are allowed`);
  }
  return insertMany(db, 'tag', fresh.map((p) => ({ access_id: accessId, token: p.token, tag: p.tag, tag_type: USER_TAG_TYPE, created_at: now })), { onConflictDoNothing: true });
}

export async function deleteTags(db: Kysely<Database>, accessId: number, pairs: readonly TagPair[]): Promise<void> {
  for (const [token, tags] of groupByToken(pairs)) {
    for (const part of chunks([...tags])) {
      await db.deleteFrom('tag').where('access_id', '=', accessId).where('token', '=', token).where('tag', 'in', part).execute();
    }
  }
}

export async function clearTags(db: Kysely<Database>, accessId: number, token: string): Promise<void> {
  await db.deleteFrom('tag').where('access_id', '=', accessId).where('token', '=', token).execute();
}

/** `category:value` tags; a tag with no colon, or nothing before it, has no category. */
function categoryOf(tag: string): string | undefined {
  const colon = tag.indexOf(':');
  return colon > 0 ? tag.slice(0, colon) : undefined;
}

/**
 * Overwrites a token's tags (TPNS operator_type 6, SDK clearAndAppendTags). When every new tag is
 * `category:value`, only the token's tags of those categories are replaced; otherwise all its tags are.
 */
export async function replaceTags(db: Kysely<Database>, accessId: number, token: string, tags: readonly string[], now: number): Promise<void> {
  const categories = tags.map(categoryOf);
  if (tags.length > 0 && categories.every((c) => c !== undefined)) {
    const wanted = new Set<string | undefined>(categories);
    const current = await db.selectFrom('tag').select('tag').where('access_id', '=', accessId).where('token', '=', token).execute();
    const drop = current.map((r) => r.tag).filter((t) => wanted.has(categoryOf(t)));
    await deleteTags(db, accessId, drop.map((tag) => ({ token, tag })));
  } else {
    await clearTags(db, accessId, token);
  }
  await addTags(db, accessId, tags.map((tag) => ({ token, tag })), now);
}

/** Removes the tags from every token of the app (TPNS tag/delete_all_device). */
export async function deleteTagsEverywhere(db: Kysely<Database>, accessId: number, tags: readonly string[]): Promise<void> {
  for (const part of chunks([...new Set(tags)])) {
    await db.deleteFrom('tag').where('access_id', '=', accessId).where('tag', 'in', part).execute();
  }
}

export async function tokenTags(db: Kysely<Database>, accessId: number, token: string, offset: number, limit: number): Promise<{ tags: string[]; total: number }> {
  const count = await db.selectFrom('tag').select((eb) => eb.fn.countAll<number>().as('n')).where('access_id', '=', accessId).where('token', '=', token).executeTakeFirst();
  const rows = await db.selectFrom('tag').select('tag').where('access_id', '=', accessId).where('token', '=', token)
    .orderBy('created_at').orderBy('tag').limit(limit).offset(offset).execute();
  return { tags: rows.map((r) => r.tag), total: Number(count?.n ?? 0) };
}
