/**
 * APNs credentials of an iOS app, one per environment ('product', 'dev'): a token-based `.p8` key or a `.p12`
 * certificate. Uploads are checked with the channel's own parsers, so failures carry TPNS's codes
 * (1008013 parse, 1008020 bundle mismatch, 1008021 bad content, 1008022 wrong password, 1008023 expired).
 * The secret part is stored sealed as PEMs (legacy RC2-40 `.p12` files are opened once here, with node-forge,
 * so the channel never needs the original file); only the meta (topics, subject, expiry, ids, fingerprint)
 * is ever shown.
 *
 * VoIP: a `.p8` key pushes to `<bundle>.voip` itself, and so does a `.p12` that lists that topic. Otherwise the
 * `.p12` takes a second certificate in its `voip` slot (`slot: "voip"` on upload): Apple's VoIP Services
 * certificate, which must list `<bundle>.voip`. It is sealed with the main one (`voip` in the secret), shown as
 * `meta.voip`, and its topics join `meta.topics`, which lists every topic the credential can push to. Uploading
 * the main `.p12` again keeps it; a `.p8` replaces it, since the key serves VoIP itself.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { apnsCertificateTopics, checkCertificateForApp, parseP12, parseP8, type ApnsCertificateInfo } from '@herald/channels/apns';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import type { CredentialRow, Environment } from '../../store/schema.ts';
import { requireApp, touchApp } from '../apps/app-service.ts';

export const APNS_CHANNEL = 'apns';

export type ApnsCredentialUpload =
  | { kind: 'p8'; keyId: string; teamId: string; key: string }
  /** `slot: 'voip'`: the VoIP Services certificate kept beside the environment's `.p12`. */
  | { kind: 'p12'; p12: Buffer; password: string; slot?: 'voip' };

/** A `.p12` opened into PEMs. */
export interface SealedCertificate {
  keyPem: string;
  certPem: string;
}

/** What the dispatcher opens: the channel's `ApnsCredential` without the bundle ID (it comes from the app). */
export type SealedApnsSecret =
  | { kind: 'p8'; keyId: string; teamId: string; privateKeyPem: string }
  | ({ kind: 'p12'; voip?: SealedCertificate } & SealedCertificate);

/** What is shown of a certificate. */
export interface CertificateMeta {
  topics: string[];
  subject: string;
  notBefore: string;
  notAfter: string;
  environments: string[];
  fingerprint: string;
}

export interface ApnsCredentialMeta {
  keyId?: string;
  teamId?: string;
  /** Every topic the credential can push to (with a VoIP certificate, its topics too). */
  topics: string[];
  subject?: string;
  notBefore?: string;
  notAfter?: string;
  environments?: string[];
  fingerprint: string;
  /** The VoIP Services certificate of the `voip` slot. */
  voip?: CertificateMeta;
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

function certificateMeta(info: ApnsCertificateInfo): CertificateMeta {
  return {
    topics: info.topics,
    subject: info.subject,
    notBefore: info.notBefore.toISOString(),
    notAfter: info.notAfter.toISOString(),
    environments: info.environments,
    fingerprint: info.fingerprint256,
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
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
  return { secret: { kind: 'p12', keyPem, certPem }, meta: certificateMeta(info) };
}

/** A new main `.p12` keeps the VoIP certificate the row already had; a `.p8` serves VoIP itself and drops it. */
function keepVoip(next: { secret: SealedApnsSecret; meta: ApnsCredentialMeta }, old: { secret: SealedApnsSecret; meta: ApnsCredentialMeta }): void {
  if (next.secret.kind !== 'p12' || old.secret.kind !== 'p12' || old.secret.voip === undefined || old.meta.voip === undefined) return;
  next.secret.voip = old.secret.voip;
  next.meta.voip = old.meta.voip;
  next.meta.topics = union(next.meta.topics, old.meta.voip.topics);
}

/** Opens a stored row's secret and meta. */
function openRow(ctx: ServerContext, row: Pick<CredentialRow, 'secret_sealed' | 'meta_json'>): { secret: SealedApnsSecret; meta: ApnsCredentialMeta } {
  return { secret: JSON.parse(ctx.secretBox.open(row.secret_sealed)) as SealedApnsSecret, meta: JSON.parse(row.meta_json) as ApnsCredentialMeta };
}

/** Puts a VoIP Services certificate in the `voip` slot of the environment's `.p12` credential. */
async function putVoipCertificate(ctx: ServerContext, accessId: number, bundleId: string, environment: Environment, upload: Extract<ApnsCredentialUpload, { kind: 'p12' }>, now: number): Promise<void> {
  const voipTopic = `${bundleId}.voip`;
  const { keyPem, certPem, info } = parseP12(upload.p12, upload.password);
  checkCertificateForApp(info, { bundleId, environment, now, topic: voipTopic });
  await ctx.store.transaction(async (trx) => {
    const row = await trx.selectFrom('credential').select(['credential_id', 'secret_sealed', 'meta_json'])
      .where('access_id', '=', accessId).where('channel', '=', APNS_CHANNEL).where('environment', '=', environment)
      .executeTakeFirst();
    if (row === undefined) {
      throw heraldError('CREDENTIAL_NOT_FOUND', `No APNs ${environment} credential: upload the app's .p12 (or a .p8 key) first, then the VoIP certificate`);
    }
    const { secret, meta } = openRow(ctx, row);
    if (secret.kind !== 'p12') {
      throw heraldError('REQUEST_PARAM_INVALID', `slot: the APNs ${environment} credential is a .p8 key, which already pushes to ${voipTopic}`);
    }
    secret.voip = { keyPem, certPem };
    meta.voip = certificateMeta(info);
    meta.topics = union(apnsCertificateTopics(secret.certPem), info.topics);
    await trx.updateTable('credential')
      .set({ secret_sealed: ctx.secretBox.seal(JSON.stringify(secret)), meta_json: JSON.stringify(meta), updated_at: now })
      .where('credential_id', '=', row.credential_id).execute();
    await touchApp(trx, accessId, now);
  });
}

async function putMainCredential(ctx: ServerContext, accessId: number, bundleId: string, environment: Environment, upload: ApnsCredentialUpload, now: number): Promise<void> {
  const next = prepare(upload, bundleId, environment, now);
  await ctx.store.transaction(async (trx) => {
    const existing = await trx.selectFrom('credential').select(['credential_id', 'secret_sealed', 'meta_json'])
      .where('access_id', '=', accessId).where('channel', '=', APNS_CHANNEL).where('environment', '=', environment)
      .executeTakeFirst();
    if (existing !== undefined) keepVoip(next, openRow(ctx, existing));
    const sealed = ctx.secretBox.seal(JSON.stringify(next.secret));
    if (existing === undefined) {
      await trx.insertInto('credential').values({
        access_id: accessId, channel: APNS_CHANNEL, environment, kind: next.secret.kind,
        secret_sealed: sealed, meta_json: JSON.stringify(next.meta), created_at: now, updated_at: now,
      }).execute();
    } else {
      await trx.updateTable('credential')
        .set({ kind: next.secret.kind, secret_sealed: sealed, meta_json: JSON.stringify(next.meta), updated_at: now })
        .where('credential_id', '=', existing.credential_id).execute();
    }
    await touchApp(trx, accessId, now);
  });
}

export async function putApnsCredential(ctx: ServerContext, accessId: number, environment: Environment, upload: ApnsCredentialUpload): Promise<CredentialView> {
  const app = await requireApp(ctx.store.db, accessId);
  if (app.platform !== 'ios') throw heraldError('REQUEST_PARAM_INVALID', `APNs credentials belong to iOS apps; this app is ${app.platform}`);
  const now = ctx.clock.now();
  if (upload.kind === 'p12' && upload.slot === 'voip') await putVoipCertificate(ctx, accessId, app.bundle_id, environment, upload, now);
  else await putMainCredential(ctx, accessId, app.bundle_id, environment, upload, now);
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
