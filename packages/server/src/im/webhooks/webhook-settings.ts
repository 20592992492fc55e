/**
 * An IM app's webhook settings, kept on its `im_app` row: the URL, the sealed token for `Sign`, the enabled
 * commands and the before-send timeout policy. The token is write-only: views only say whether one is set.
 */
import { sql, type Kysely } from 'kysely';
import type { ServerContext } from '../../context.ts';
import type { Database } from '../../store/schema.ts';
import { requireImApp } from '../identity/im-app-service.ts';
import { isCallbackCommand, type CallbackCommand } from './callback-commands.ts';

/** What the transport needs; `undefined` from `loadWebhookSettings` means "no URL, call nothing". */
export interface WebhookSettings {
  url: string;
  /** The opened token; undefined: requests are not signed. */
  token: string | undefined;
  commands: ReadonlySet<CallbackCommand>;
  deliverOnTimeout: boolean;
}

export interface WebhookSettingsView {
  sdkAppId: number;
  url: string | null;
  tokenSet: boolean;
  commands: CallbackCommand[];
  deliverOnTimeout: boolean;
}

export interface WebhookSettingsInput {
  url: string;
  /** undefined: keep the current token; null or '': remove it. */
  token?: string | null | undefined;
  commands: CallbackCommand[];
  deliverOnTimeout?: boolean | undefined;
}

interface SettingsColumns {
  sdk_app_id: number;
  callback_url: string | null;
  callback_token_sealed: string | null;
  callback_commands_json: string;
  callback_deliver_on_timeout: number;
}

function parseCommands(json: string): CallbackCommand[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter(isCallbackCommand) : [];
  } catch {
    return [];
  }
}

function toView(row: SettingsColumns): WebhookSettingsView {
  return {
    sdkAppId: Number(row.sdk_app_id),
    url: row.callback_url,
    tokenSet: row.callback_token_sealed !== null,
    commands: parseCommands(row.callback_commands_json),
    deliverOnTimeout: row.callback_deliver_on_timeout === 1,
  };
}

async function readColumns(db: Kysely<Database>, sdkAppId: number): Promise<SettingsColumns | undefined> {
  return db.selectFrom('im_app')
    .select(['sdk_app_id', 'callback_url', 'callback_token_sealed', 'callback_commands_json', 'callback_deliver_on_timeout'])
    .where('sdk_app_id', '=', sdkAppId)
    .executeTakeFirst();
}

/**
 * Only the enabled commands, what every send asks: no token to open, and a raw statement, which costs a fraction
 * of building the query. Empty without a URL. Sends ask `ctx.webhookCommands`, which calls this on a miss, so
 * whatever writes the columns read here invalidates that cache.
 */
export async function loadEnabledCommands(db: Kysely<Database>, sdkAppId: number): Promise<ReadonlySet<string>> {
  const { rows } = await sql<Pick<SettingsColumns, 'callback_url' | 'callback_commands_json'>>`select callback_url, callback_commands_json
    from im_app where sdk_app_id = ${sdkAppId}`.execute(db);
  const row = rows[0];
  return row === undefined || row.callback_url === null ? NO_COMMANDS : new Set(parseCommands(row.callback_commands_json));
}

const NO_COMMANDS: ReadonlySet<string> = new Set();

/** The settings a send uses; undefined when the app has no webhook URL (or no longer exists). */
export async function loadWebhookSettings(ctx: ServerContext, sdkAppId: number): Promise<WebhookSettings | undefined> {
  const row = await readColumns(ctx.store.db, sdkAppId);
  if (row === undefined || row.callback_url === null) return undefined;
  return {
    url: row.callback_url,
    token: row.callback_token_sealed === null ? undefined : ctx.secretBox.open(row.callback_token_sealed),
    commands: new Set(parseCommands(row.callback_commands_json)),
    deliverOnTimeout: row.callback_deliver_on_timeout === 1,
  };
}

export async function getWebhookSettings(ctx: ServerContext, sdkAppId: number): Promise<WebhookSettingsView> {
  await requireImApp(ctx.store.db, sdkAppId);
  return toView((await readColumns(ctx.store.db, sdkAppId))!);
}

export async function putWebhookSettings(ctx: ServerContext, sdkAppId: number, input: WebhookSettingsInput): Promise<WebhookSettingsView> {
  await requireImApp(ctx.store.db, sdkAppId);
  const token = input.token === undefined ? {} : { callback_token_sealed: input.token === null || input.token === '' ? null : ctx.secretBox.seal(input.token) };
  try {
    await ctx.store.db.updateTable('im_app').set({
      callback_url: input.url,
      ...token,
      callback_commands_json: JSON.stringify([...new Set(input.commands)]),
      callback_deliver_on_timeout: input.deliverOnTimeout === false ? 0 : 1,
      updated_at: ctx.clock.now(),
    }).where('sdk_app_id', '=', sdkAppId).execute();
  } finally {
    // Also after an error: the update may have committed before it.
    ctx.webhookCommands.invalidate(sdkAppId);
  }
  return toView((await readColumns(ctx.store.db, sdkAppId))!);
}

/** Back to "no webhooks": URL, token and commands cleared, the timeout policy back to Tencent's default. */
export async function deleteWebhookSettings(ctx: ServerContext, sdkAppId: number): Promise<void> {
  await requireImApp(ctx.store.db, sdkAppId);
  try {
    await ctx.store.db.updateTable('im_app').set({
      callback_url: null, callback_token_sealed: null, callback_commands_json: '[]', callback_deliver_on_timeout: 1, updated_at: ctx.clock.now(),
    }).where('sdk_app_id', '=', sdkAppId).execute();
  } finally {
    ctx.webhookCommands.invalidate(sdkAppId);
  }
}
