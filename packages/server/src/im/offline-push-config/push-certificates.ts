/**
 * Offline push certificates of an IM app (native mode, reference §4.1 and §4.13): each has a numeric certificate
 * ID (`businessID`) the app's devices report with their vendor token, and points at a credential already saved
 * on a push app through the management API — APNs dev, APNs prod, APNs VoIP (dev or prod), FCM, Huawei, Honor,
 * Xiaomi, OPPO, vivo, Meizu or Web Push. Herald keeps the vendor secrets with the push app, so a certificate here
 * is a pointer, never a second copy of a key.
 *
 * IDs are allocated per IM app from 1 and never reused: a deleted certificate keeps its row (Tencent: "a deleted
 * certificate stops pushes and cannot be restored"), so a device still reporting its ID is answered "no such
 * certificate" instead of reaching a newer one.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { heraldError } from '@herald/protocol';
import type { ServerContext } from '../../context.ts';
import { requireApp } from '../../push/apps/app-service.ts';
import { channelDriver, servesPlatform } from '../../push/channels/channel-drivers.ts';
import type { AppRow, CredentialRow, Database, ImPushCertificateTable } from '../../store/schema.ts';
import { isUniqueViolation } from '../../store/unique-violation.ts';
import { requireImApp } from '../identity/im-app-service.ts';

export type PushCertificateRow = Selectable<ImPushCertificateTable>;
export type ApnsEnvironment = 'dev' | 'product';

/** Non-APNs credentials are stored under this environment (channel-credential-service.ts). */
const UNSCOPED_CREDENTIAL_ENVIRONMENT = 'product';
const ALLOCATION_ATTEMPTS = 5;
export const MAX_CERTIFICATE_NAME = 100;

export interface NewPushCertificate {
  accessId: number;
  channel: string;
  /** Required for APNs, refused for the other channels (their credentials have no environment). */
  environment?: ApnsEnvironment | undefined;
  /** APNs only: the VoIP certificate (PushKit tokens, the credential's `.voip` topic). */
  voip?: boolean | undefined;
  name?: string | undefined;
}

/** What the credential a certificate points at looks like now; null when it was deleted from the push app. */
export interface CertificateCredentialView {
  kind: string;
  /** The vendor's last answer on the credential ('ok' for APNs, checked on upload). */
  status: string;
  reason?: string;
}

export interface PushCertificateView {
  businessID: number;
  sdkAppId: number;
  accessId: number;
  channel: string;
  /** 'dev' | 'product' for APNs; null for channels without environments. */
  environment: ApnsEnvironment | null;
  voip: boolean;
  name: string;
  createdAt: number;
  credential: CertificateCredentialView | null;
}

/** The credential row a certificate's (access_id, channel, environment) names. */
export function credentialEnvironment(channel: string, environment: string): string {
  return channelDriver(channel)?.environmentScoped === true ? environment : UNSCOPED_CREDENTIAL_ENVIRONMENT;
}

async function findCredential(db: Kysely<Database>, accessId: number, channel: string, environment: string): Promise<CredentialRow | undefined> {
  return db.selectFrom('credential').selectAll()
    .where('access_id', '=', accessId).where('channel', '=', channel).where('environment', '=', credentialEnvironment(channel, environment))
    .executeTakeFirst();
}

function credentialView(row: CredentialRow | undefined): CertificateCredentialView | null {
  if (row === undefined) return null;
  const meta = JSON.parse(row.meta_json) as { check?: { status?: string; reason?: string } };
  const view: CertificateCredentialView = { kind: row.kind, status: meta.check?.status ?? 'ok' };
  if (meta.check?.reason !== undefined) view.reason = meta.check.reason;
  return view;
}

export function toPushCertificateView(row: PushCertificateRow, credential: CredentialRow | undefined): PushCertificateView {
  return {
    businessID: Number(row.business_id),
    sdkAppId: Number(row.sdk_app_id),
    accessId: Number(row.access_id),
    channel: row.channel,
    environment: row.environment === '' ? null : (row.environment as ApnsEnvironment),
    voip: row.voip === 1,
    name: row.name,
    createdAt: Number(row.created_at),
    credential: credentialView(credential),
  };
}

/** A certificate that is not deleted; undefined for an unknown or deleted ID. */
export async function findPushCertificate(db: Kysely<Database>, sdkAppId: number, businessID: number): Promise<PushCertificateRow | undefined> {
  return db.selectFrom('im_push_certificate').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('business_id', '=', businessID).where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Checks that the push app has the credential this certificate needs, in the shape it needs. A p8 key signs for
 * every topic of its team, VoIP included; a p12 certificate pushes VoIP only when it lists the `.voip` topic
 * (Apple's "VoIP Services" certificate or a universal one).
 */
function checkTarget(app: AppRow, input: NewPushCertificate, credential: CredentialRow | undefined): void {
  if (credential === undefined) {
    const where = input.environment === undefined ? input.channel : `${input.channel} ${input.environment}`;
    throw heraldError('CREDENTIAL_NOT_FOUND', `Push app ${Number(app.access_id)} has no ${where} credential; save it on the push app first`);
  }
  if (input.voip !== true || credential.kind !== 'p12') return;
  const topics = (JSON.parse(credential.meta_json) as { topics?: string[] }).topics ?? [];
  const voipTopic = `${app.bundle_id}.voip`;
  if (!topics.includes(voipTopic)) {
    throw heraldError('REQUEST_PARAM_INVALID', `voip: the APNs ${input.environment ?? ''} certificate of push app ${Number(app.access_id)} cannot push to ${voipTopic}; upload a VoIP Services certificate or a .p8 key`);
  }
}

function readInput(app: AppRow, input: NewPushCertificate): { environment: string; voip: number } {
  const driver = channelDriver(input.channel);
  if (driver === undefined) throw heraldError('REQUEST_PARAM_INVALID', `channel: unknown channel ${input.channel}`);
  if (!servesPlatform(driver, app.platform)) {
    throw heraldError('REQUEST_PARAM_INVALID', `channel: ${input.channel} does not serve push app ${Number(app.access_id)}, a ${app.platform} app`);
  }
  if (driver.environmentScoped && input.environment === undefined) throw heraldError('REQUEST_PARAM_MISSING', `environment: required for ${input.channel} (dev or product)`);
  if (!driver.environmentScoped && input.environment !== undefined) throw heraldError('REQUEST_PARAM_INVALID', `environment: ${input.channel} credentials have no environment`);
  if (input.voip === true && input.channel !== 'apns') throw heraldError('REQUEST_PARAM_INVALID', 'voip: only APNs certificates can be VoIP certificates');
  return { environment: input.environment ?? '', voip: input.voip === true ? 1 : 0 };
}

async function nextBusinessId(trx: Transaction<Database>, sdkAppId: number): Promise<number> {
  const max = await trx.selectFrom('im_push_certificate').select((eb) => eb.fn.max('business_id').as('max'))
    .where('sdk_app_id', '=', sdkAppId).executeTakeFirst();
  return (max?.max === null || max?.max === undefined ? 0 : Number(max.max)) + 1;
}

async function findLiveTwin(db: Kysely<Database>, sdkAppId: number, accessId: number, channel: string, target: { environment: string; voip: number }): Promise<PushCertificateRow | undefined> {
  return db.selectFrom('im_push_certificate').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('access_id', '=', accessId).where('channel', '=', channel)
    .where('environment', '=', target.environment).where('voip', '=', target.voip).where('deleted_at', 'is', null)
    .executeTakeFirst();
}

function twinError(twin: PushCertificateRow): Error {
  return heraldError('IM_PUSH_CERT_EXISTS', `Certificate ${Number(twin.business_id)} already points at this credential`, { businessID: Number(twin.business_id) });
}

export async function addPushCertificate(ctx: ServerContext, sdkAppId: number, input: NewPushCertificate): Promise<PushCertificateView> {
  await requireImApp(ctx.store.db, sdkAppId);
  const app = await requireApp(ctx.store.db, input.accessId);
  if (app.im_sdk_app_id !== null && Number(app.im_sdk_app_id) !== sdkAppId) {
    // An authorized push app serves its IM app only (at most one IM app per push app).
    throw heraldError('REQUEST_PARAM_INVALID', `accessId: push app ${input.accessId} is authorized to IM app ${Number(app.im_sdk_app_id)}`);
  }
  const target = readInput(app, input);
  const credential = await findCredential(ctx.store.db, input.accessId, input.channel, target.environment);
  checkTarget(app, input, credential);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const row = await ctx.store.transaction(async (trx) => {
        const twin = await findLiveTwin(trx, sdkAppId, input.accessId, input.channel, target);
        if (twin !== undefined) throw twinError(twin);
        const values: PushCertificateRow = {
          sdk_app_id: sdkAppId,
          business_id: await nextBusinessId(trx, sdkAppId),
          access_id: input.accessId,
          channel: input.channel,
          environment: target.environment,
          voip: target.voip,
          name: input.name ?? '',
          created_at: ctx.clock.now(),
          deleted_at: null,
        };
        await trx.insertInto('im_push_certificate').values(values).execute();
        return values;
      });
      return toPushCertificateView(row, credential);
    } catch (err) {
      // A concurrent add took the same ID (try the next) or made the same certificate (the twin check says so).
      if (!isUniqueViolation(err) || attempt >= ALLOCATION_ATTEMPTS) throw err;
      const twin = await findLiveTwin(ctx.store.db, sdkAppId, input.accessId, input.channel, target);
      if (twin !== undefined) throw twinError(twin);
    }
  }
}

/** The IM app's certificates that are not deleted, by ID, with the state of the credentials they point at. */
export async function listPushCertificates(ctx: ServerContext, sdkAppId: number): Promise<PushCertificateView[]> {
  await requireImApp(ctx.store.db, sdkAppId);
  const rows = await ctx.store.db.selectFrom('im_push_certificate').selectAll()
    .where('sdk_app_id', '=', sdkAppId).where('deleted_at', 'is', null).orderBy('business_id').execute();
  const views: PushCertificateView[] = [];
  for (const row of rows) views.push(toPushCertificateView(row, await findCredential(ctx.store.db, Number(row.access_id), row.channel, row.environment)));
  return views;
}

export async function getPushCertificate(ctx: ServerContext, sdkAppId: number, businessID: number): Promise<PushCertificateView> {
  await requireImApp(ctx.store.db, sdkAppId);
  const row = await findPushCertificate(ctx.store.db, sdkAppId, businessID);
  if (row === undefined) throw heraldError('IM_PUSH_CERT_NOT_FOUND', `IM app ${sdkAppId} has no certificate ${businessID}`);
  return toPushCertificateView(row, await findCredential(ctx.store.db, Number(row.access_id), row.channel, row.environment));
}

/**
 * Deletes a certificate: devices that reported it get no more offline pushes through it (their reports stay,
 * so the per-user query shows why), and its ID is never allocated again.
 */
export async function deletePushCertificate(ctx: ServerContext, sdkAppId: number, businessID: number): Promise<void> {
  await requireImApp(ctx.store.db, sdkAppId);
  const result = await ctx.store.db.updateTable('im_push_certificate').set({ deleted_at: ctx.clock.now() })
    .where('sdk_app_id', '=', sdkAppId).where('business_id', '=', businessID).where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw heraldError('IM_PUSH_CERT_NOT_FOUND', `IM app ${sdkAppId} has no certificate ${businessID}`);
}
