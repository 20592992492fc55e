/**
 * APNs credentials of an iOS app, one per environment ('product', 'dev'): a token-based `.p8` key or a `.p12`
 * certificate. Uploads are checked with the channel's own parsers, so failures carry TPNS's codes
 * (1008013 parse, 1008020 bundle mismatch, 1008021 bad content, 1008022 wrong password, 1008023 expired).
 * The secret part is stored sealed as PEMs (legacy RC2-40 `.p12` files are opened once here, with node-forge,
 * so the channel never needs the original file); only the meta (topics, subject, expiry, ids, fingerprint)
 * is ever shown.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { checkCertificateForApp, parseP12, parseP8 } from '@herald/channels/apns';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { CredentialRow, Environment } from '../../store/schema.ts';
import { requireApp, touchApp } from '../apps/app-service.ts';

export const APNS_CHANNEL = 'apns';

export type ApnsCredentialUpload =
  | { kind: 'p8'; keyId: string; teamId: string; key: string }
  | { kind: 'p12'; p12: Buffer; password: string };

/** What the dispatcher opens: the channel's `ApnsCredential` without the bundle ID (it comes from the app). */
export type SealedApnsSecret =
  | { kind: 'p8'; keyId: string; teamId: string; privateKeyPem: string }
  | { kind: 'p12'; keyPem: string; certPem: string };

export interface ApnsCredentialMeta {
  keyId?: string;
  teamId?: string;
  topics: string[];
  subject?: string;
  notBefore?: string;
  notAfter?: string;
  environments?: string[];
  fingerprint: string;
}

export interface CredentialView {
  channel: string;
  environment: string;
  kind: string;
  /** APNs: ApnsCredentialMeta; other channels: their ids and public parts plus `check` (the vendor's last answer). */
  meta: ApnsCredentialMeta | Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export function toCredentialView(row: CredentialRow): CredentialView {
  return {
    channel: row.channel,
    environment: row.environment,
    kind: row.kind,
    meta: JSON.parse(row.meta_json) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function colonHex(digest: Buffer): string {
  return digest.toString('hex').toUpperCase().match(/../g)?.join(':') ?? '';
}

function prepare(upload: ApnsCredentialUpload, bundleId: string, environment: Environment, now: number): { secret: SealedApnsSecret; meta: ApnsCredentialMeta } {
  if (upload.kind === 'p8') {
    const { privateKeyPem } = parseP8(upload.key, upload.keyId, upload.teamId);
    const spki = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
    return {
      secret: { kind: 'p8', keyId: upload.keyId, teamId: upload.teamId, privateKeyPem },
      meta: { keyId: upload.keyId, teamId: upload.teamId, topics: [bundleId], fingerprint: colonHex(createHash('sha256').update(spki).digest()) },
    };
  }
  const { keyPem, certPem, info } = parseP12(upload.p12, upload.password);
  checkCertificateForApp(info, { bundleId, environment, now });
  return {
    secret: { kind: 'p12', keyPem, certPem },
    meta: {
      topics: info.topics,
      subject: info.subject,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
      environments: info.environments,
      fingerprint: info.fingerprint256,
    },
  };
}

export async function putApnsCredential(ctx: ServerContext, accessId: number, environment: Environment, upload: ApnsCredentialUpload): Promise<CredentialView> {
  const app = await requireApp(ctx.store.db, accessId);
  if (app.platform !== 'ios') throw heraldError('REQUEST_PARAM_INVALID', `APNs credentials belong to iOS apps; this app is ${app.platform}`);
  const now = ctx.clock.now();
  const { secret, meta } = prepare(upload, app.bundle_id, environment, now);
  const sealed = ctx.secretBox.seal(JSON.stringify(secret));
  await ctx.store.transaction(async (trx) => {
    const existing = await trx.selectFrom('credential').select('credential_id')
      .where('access_id', '=', accessId).where('channel', '=', APNS_CHANNEL).where('environment', '=', environment)
      .executeTakeFirst();
    if (existing === undefined) {
      await trx.insertInto('credential').values({
        access_id: accessId, channel: APNS_CHANNEL, environment, kind: secret.kind,
        secret_sealed: sealed, meta_json: JSON.stringify(meta), created_at: now, updated_at: now,
      }).execute();
    } else {
      await trx.updateTable('credential')
        .set({ kind: secret.kind, secret_sealed: sealed, meta_json: JSON.stringify(meta), updated_at: now })
        .where('credential_id', '=', existing.credential_id).execute();
    }
    await touchApp(trx, accessId, now);
  });
  const row = await ctx.store.db.selectFrom('credential').selectAll()
    .where('access_id', '=', accessId).where('channel', '=', APNS_CHANNEL).where('environment', '=', environment)
    .executeTakeFirstOrThrow();
  return toCredentialView(row);
}

export async function listCredentials(ctx: ServerContext, accessId: number): Promise<CredentialView[]> {
  await requireApp(ctx.store.db, accessId);
  const rows = await ctx.store.db.selectFrom('credential').selectAll().where('access_id', '=', accessId)
    .orderBy('channel').orderBy('environment').execute();
  return rows.map(toCredentialView);
}

export async function deleteApnsCredential(ctx: ServerContext, accessId: number, environment: Environment): Promise<void> {
  await requireApp(ctx.store.db, accessId);
  await ctx.store.transaction(async (trx) => {
    const result = await trx.deleteFrom('credential')
      .where('access_id', '=', accessId).where('channel', '=', APNS_CHANNEL).where('environment', '=', environment)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw heraldError('CREDENTIAL_NOT_FOUND');
    await touchApp(trx, accessId, ctx.clock.now());
  });
}
