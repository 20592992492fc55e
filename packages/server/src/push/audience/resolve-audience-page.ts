/**
 * One page of a task's audience: the tokens of eligible devices (this app, active, the task's environment) and
 * the cursor of the next page. Device audiences page by token order; tag rules are evaluated in memory on each
 * page, with the page's custom tags fetched in one query. Packages page by line. Account lists are small
 * (at most 1,000 accounts), so they are mapped in one pass, but still inside the resolve job, never in the request.
 */
import type { Kysely } from 'kysely';
import type { Database, Environment } from '../../store/schema.ts';
import { autoTagValuesFromDevice } from '../model/auto-tags.ts';
import type { PushRequest } from '../model/push-request.ts';
import { compileTagRules } from '../model/tag-rules.ts';
import type { AudienceCursor } from './audience-cursor.ts';
import { tokensOfAccounts } from './account-tokens.ts';

export interface AudienceScope {
  accessId: number;
  environment: Environment;
  utcOffsetMinutes: number;
  /** Devices (or package lines) read per page. */
  pageSize: number;
}

export interface AudiencePage {
  tokens: string[];
  /** Undefined when this was the last page. */
  next?: AudienceCursor;
}

export async function resolveAudiencePage(
  db: Kysely<Database>,
  req: PushRequest,
  scope: AudienceScope,
  cursor: AudienceCursor,
): Promise<AudiencePage> {
  const a = req.audience;
  switch (a.type) {
    case 'all':
    case 'tag':
      return devicePage(db, req, scope, cursor);
    case 'account':
    case 'account_list': {
      const tokens = await tokensOfAccounts(db, scope, a.accounts, req.accountType, req.accountPushType);
      return { tokens };
    }
    case 'package_account_push':
    case 'package_token_push':
      return packagePage(db, req, scope, cursor, a.uploadId, a.type === 'package_account_push');
    case 'token':
    case 'token_list':
      // Token audiences are checked and enqueued at acceptance; nothing to resolve.
      return { tokens: [] };
  }
}

async function devicePage(db: Kysely<Database>, req: PushRequest, scope: AudienceScope, cursor: AudienceCursor): Promise<AudiencePage> {
  let q = db
    .selectFrom('device')
    .select(['token', 'app_version', 'sdk_version', 'locale', 'device_brand', 'device_model', 'last_active_at'])
    .where('access_id', '=', scope.accessId)
    .where('status', '=', 'active')
    .where('environment', '=', scope.environment)
    .orderBy('token')
    .limit(scope.pageSize);
  if (cursor.after !== undefined) q = q.where('token', '>', cursor.after);
  const rows = await q.execute();
  const last = rows[rows.length - 1];
  const next = rows.length < scope.pageSize || last === undefined ? undefined : { ...cursor, after: last.token };
  if (req.audience.type !== 'tag') return { tokens: rows.map((r) => r.token), ...(next ? { next } : {}) };

  const predicate = compileTagRules(req.audience.tagRules);
  const tagsByToken = new Map<string, Set<string>>();
  if (rows.length > 0) {
    const tagRows = await db
      .selectFrom('tag')
      .select(['token', 'tag'])
      .where('access_id', '=', scope.accessId)
      .where('token', 'in', rows.map((r) => r.token))
      .execute();
    for (const t of tagRows) {
      let set = tagsByToken.get(t.token);
      if (set === undefined) tagsByToken.set(t.token, (set = new Set()));
      set.add(t.tag);
    }
  }
  const empty: ReadonlySet<string> = new Set();
  const tokens = rows
    .filter((r) => predicate({ tags: tagsByToken.get(r.token) ?? empty, auto: autoTagValuesFromDevice(r, scope.utcOffsetMinutes) }))
    .map((r) => r.token);
  return { tokens, ...(next ? { next } : {}) };
}

async function packagePage(
  db: Kysely<Database>,
  req: PushRequest,
  scope: AudienceScope,
  cursor: AudienceCursor,
  uploadId: number,
  accounts: boolean,
): Promise<AudiencePage> {
  const items = await db
    .selectFrom('upload_item')
    .select(['seq', 'value'])
    .where('upload_id', '=', uploadId)
    .where('seq', '>', cursor.offset ?? -1)
    .orderBy('seq')
    .limit(scope.pageSize)
    .execute();
  const last = items[items.length - 1];
  const next = items.length < scope.pageSize || last === undefined ? undefined : { ...cursor, offset: last.seq };
  const values = items.map((i) => i.value);
  let tokens: string[] = [];
  if (values.length > 0) {
    if (accounts) {
      tokens = await tokensOfAccounts(db, scope, values, req.accountType, req.accountPushType);
    } else {
      const rows = await db
        .selectFrom('device')
        .select('token')
        .where('access_id', '=', scope.accessId)
        .where('status', '=', 'active')
        .where('environment', '=', scope.environment)
        .where('token', 'in', values)
        .execute();
      const found = new Set(rows.map((r) => r.token));
      tokens = values.filter((v) => found.has(v));
    }
  }
  return { tokens, ...(next ? { next } : {}) };
}
