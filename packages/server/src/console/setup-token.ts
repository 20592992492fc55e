/**
 * The first console admin, without a default password: while no account exists, each node keeps a one-time
 * setup token in `console-setup.token` under its data dir (owner-readable only, like admin.token) and its sha256
 * in the store, so the token is accepted whichever node the setup request reaches. Creating the first admin
 * consumes it: every token row goes, and the file with it (other nodes drop theirs on their next start).
 *
 * The token goes to a file rather than to the start-up output: output ends up in log collectors that more people
 * read than the data dir, and `npm start` says where the file is. Where the data dir cannot be written (secrets
 * all configured, a read-only file system), there is no token: the operator creates the first admin with the admin
 * token on `POST /api/console/admins`, and `npm start` says that instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../context.ts';
import { loadOrCreateLocalSecret } from '../crypto/local-secrets.ts';
import { countAdmins, insertAdmin, type ConsoleAdminView } from './console-admins.ts';

export const SETUP_TOKEN_FILE = 'console-setup.token';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const makeSetupToken = (): string => `hcs_${randomBytes(32).toString('base64url')}`;

/** Where this node's setup token is, or why it has none. */
export type SetupTokenState = { file: string } | { unwritable: string };

/**
 * While the console has no admin: makes sure this node has a setup token (file and store row) and says where it
 * is. Once it has one: removes this node's stale file and returns undefined. Safe to call again.
 */
export async function ensureSetupToken(ctx: ServerContext): Promise<SetupTokenState | undefined> {
  const file = join(ctx.config.dataDir, SETUP_TOKEN_FILE);
  if ((await countAdmins(ctx.store.db)) > 0) {
    rmSync(file, { force: true });
    return undefined;
  }
  let token: string;
  try {
    token = loadOrCreateLocalSecret(ctx.config.dataDir, SETUP_TOKEN_FILE, makeSetupToken).value;
  } catch (err) {
    ctx.logger.warn({ err, dataDir: ctx.config.dataDir }, 'cannot keep a console setup token in the data dir; create the first admin with the admin token');
    return { unwritable: ctx.config.dataDir };
  }
  await ctx.store.db.insertInto('console_setup_token')
    .values({ token_hash: hashToken(token), created_at: ctx.clock.now() })
    .onConflict((oc) => oc.column('token_hash').doNothing())
    .execute();
  return { file };
}

export async function setupNeeded(ctx: ServerContext): Promise<boolean> {
  return (await countAdmins(ctx.store.db)) === 0;
}

/**
 * Creates the first admin with a setup token: CONSOLE_SETUP_DONE once any account exists, CONSOLE_SETUP_TOKEN_INVALID
 * for a token no node issued. One transaction, so two concurrent setups make one admin.
 */
export async function completeSetup(ctx: ServerContext, setupToken: string, username: string, password: string): Promise<ConsoleAdminView> {
  const passwordHash = await ctx.passwords.hash(password);
  const admin = await ctx.store.transaction(async (trx) => {
    if ((await countAdmins(trx)) > 0) throw heraldError('CONSOLE_SETUP_DONE');
    const used = await trx.deleteFrom('console_setup_token').where('token_hash', '=', hashToken(setupToken)).executeTakeFirst();
    if (Number(used.numDeletedRows) === 0) {
      // A concurrent setup may have consumed it (and made the admin) while this one waited for the row.
      throw heraldError((await countAdmins(trx)) > 0 ? 'CONSOLE_SETUP_DONE' : 'CONSOLE_SETUP_TOKEN_INVALID');
    }
    const created = await insertAdmin(trx, username, passwordHash, 'admin', ctx.clock.now());
    await trx.deleteFrom('console_setup_token').execute();
    return created;
  });
  rmSync(join(ctx.config.dataDir, SETUP_TOKEN_FILE), { force: true });
  return admin;
}
