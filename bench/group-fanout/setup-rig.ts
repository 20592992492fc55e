/**
 * Brings the bench up, in this order:
 *   1. the APNs emulator child (it holds the `.p8` key's public half, as Apple does) and Herald's child on a fresh
 *      store, pointed at the emulator through its ordinary HERALD_APNS_* configuration;
 *   2. through the public APIs: the push app and its key, the IM app authorized to it, the accounts, the three
 *      real-API members and the peer (real-members.ts), the sender logged in, and both Community groups, which
 *      the sender creates with the real-API members (big) and the peer (small) in them;
 *   3. the seeded members, copied from the first real-API member in one transaction (seed-members.ts), and the
 *      check that their rows look like the second real-API member's (row-shape.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateP8 } from '@herald/emulators/pki';
import { createScratchDatabase } from '../chat-latency/stored-messages.ts';
import { round } from '../shared/stats.ts';
import { sleep, type BenchRig } from './bench-rig.ts';
import { PEER, REAL_MEMBER_COUNT, SENDER, SENDER_NICK, realMemberIds, seededCount, seededUserId } from './member-names.ts';
import { chatClient, setUpRealMember, type RealMember } from './real-members.ts';
import { setupProblems, shapeProblems } from './row-shape.ts';
import { createImApp, createPushApp, heraldAdmin, importAccounts, userSigOf } from './setup-apps.ts';
import { startEmulatorChild, startServerChild, type EmulatorChild, type ServerChild } from './spawn-children.ts';
import type { EmulatorStarted, MemberRows, MemberScope, SeedResult } from './types.ts';

const BUNDLE_ID = 'com.herald.fanout';
const TEAM_ID = 'BENCHTEAM1';
export const GROUP_NAME = 'Town';

export interface RigOptions {
  members: number;
  store: 'sqlite' | 'postgres';
  databaseUrl: string;
  serverCpu: number | undefined;
  emulatorCpu: number | undefined;
  serverNodeArgs: readonly string[];
  /** Time every SQL statement in the server (sql-timing.ts); slows it a little. */
  sqlTiming: boolean;
  phaseTimeoutMs: number;
  quietShare: number;
  log(line: string): void;
}

export interface SetupFacts {
  setupSeconds: number;
  seed: SeedResult;
  /** Every difference between a seeded member's rows and a real-API member's, and every setup requirement missed. */
  seedingProblems: string[];
}

export interface Rig extends BenchRig {
  facts: SetupFacts;
  close(): Promise<void>;
}

async function waitForPushOnline(server: ServerChild, scope: MemberScope, userIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const rows = await server.request<Record<string, MemberRows>>({ type: 'member-rows', scope, userIds: [...userIds] });
    if (userIds.every((u) => rows[u]?.im_device?.['state'] === 'push_online')) return;
    if (Date.now() > deadline) throw new Error(`the real-API members' devices did not become push_online: ${JSON.stringify(Object.fromEntries(userIds.map((u) => [u, rows[u]?.im_device?.['state']])))}`);
    await sleep(50);
  }
}

export async function setUpRig(o: RigOptions): Promise<Rig> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'herald-group-fanout-'));
  const tokenSeed = randomBytes(8).toString('hex');
  let emulator: EmulatorChild | undefined;
  let server: ServerChild | undefined;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  const cleanups: Array<() => Promise<void> | void> = [];
  const close = async (): Promise<void> => {
    for (let c = cleanups.pop(); c !== undefined; c = cleanups.pop()) await Promise.resolve(c()).catch((e: unknown) => o.log(`cleanup: ${String(e)}`));
  };
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  try {
    const p8 = generateP8();
    emulator = await startEmulatorChild({ cpu: o.emulatorCpu });
    cleanups.push(() => emulator!.stop());
    const apns = await emulator.request<EmulatorStarted>({ type: 'start', key: { keyId: p8.keyId, teamId: TEAM_ID, publicKeyPem: p8.publicKeyPem, topics: [BUNDLE_ID] } });
    const caFile = join(dir, 'apns-emulator-ca.pem');
    writeFileSync(caFile, apns.caCertPem);
    if (o.store === 'postgres') {
      scratch = await createScratchDatabase(o.databaseUrl);
      cleanups.push(() => scratch!.drop());
    }
    const adminToken = randomBytes(24).toString('hex');
    server = await startServerChild({
      cpu: o.serverCpu,
      nodeArgs: o.serverNodeArgs,
      herald: {
        HERALD_HOST: '127.0.0.1', HERALD_PORT: '0', HERALD_DATA_DIR: join(dir, 'data'), HERALD_ADMIN_TOKEN: adminToken, HERALD_LOG_LEVEL: 'warn',
        HERALD_APNS_PRODUCT_URL: apns.productUrl, HERALD_APNS_DEV_URL: apns.devUrl, HERALD_APNS_CA_FILE: caFile,
        ...(scratch === undefined ? {} : { HERALD_DATABASE_URL: scratch.url }),
      },
    });
    cleanups.push(async () => {
      await server!.request({ type: 'close' }, 60_000).catch(() => undefined);
      await server!.stop();
    });
    const { url } = await server.request<{ url: string }>({ type: 'start', sqlTiming: o.sqlTiming });
    o.log(`herald pid ${server.pid} on ${url} (${o.store}), emulator pid ${emulator.pid}`);

    const admin = heraldAdmin(url, adminToken);
    const pushApp = await createPushApp(admin, BUNDLE_ID, { keyId: p8.keyId, teamId: TEAM_ID, privateKeyPem: p8.privateKeyPem });
    const imApp = await createImApp(admin, pushApp);
    const realIds = realMemberIds(o.members);
    await importAccounts(url, imApp, [{ userId: SENDER, nick: SENDER_NICK }, { userId: PEER }, ...realIds.map((userId) => ({ userId }))]);
    const real: RealMember[] = [];
    for (const userId of realIds) real.push(await setUpRealMember(url, pushApp, imApp, userId, tokenSeed));
    const peer = await setUpRealMember(url, pushApp, imApp, PEER, tokenSeed);

    const sender = chatClient(url, imApp);
    await sender.login({ userId: SENDER, userSig: userSigOf(imApp, SENDER), deviceId: 'sender-phone', platform: 'Android' });
    cleanups.push(() => sender.close());
    const bigGroup = await sender.createGroup({ type: 'Community', name: GROUP_NAME, memberList: realIds.map((userId) => ({ userId })) });
    const smallGroup = await sender.createGroup({ type: 'Community', name: GROUP_NAME, memberList: [{ userId: PEER }] });
    const scope: MemberScope = { sdkAppId: imApp.sdkAppId, accessId: pushApp.accessId, groupId: bigGroup };
    await waitForPushOnline(server, scope, [...realIds, PEER]);

    const seed = await server.request<SeedResult>({ type: 'seed', scope, template: realIds[0]!, count: seededCount(o.members), tokenSeed }, 900_000);
    o.log(`seeded ${seededCount(o.members)} members in ${seed.seconds.toFixed(1)} s (${Object.entries(seed.rows).map(([t, n]) => `${t} ${n}`).join(', ')}); ${REAL_MEMBER_COUNT} more through the public APIs`);
    const samples = [...new Set([0, Math.floor(seededCount(o.members) / 2), seededCount(o.members) - 1])].map(seededUserId);
    const rows = await server.request<Record<string, MemberRows>>({ type: 'member-rows', scope, userIds: [...realIds, ...samples] });
    const reference = realIds[1]!;
    const seedingProblems = [
      ...[...realIds, ...samples].flatMap((u) => setupProblems(u, rows[u]!)),
      ...samples.flatMap((u) => shapeProblems(reference, rows[reference]!, u, rows[u]!)),
    ];
    o.log(seedingProblems.length === 0
      ? `seeded rows match ${reference}'s (set up through the public APIs) in every non-identity column`
      : `SEEDING PROBLEMS: ${seedingProblems.join('; ')}`);

    return {
      server, emulator, url, pushApp, imApp, sender, bigGroup, smallGroup, groupName: GROUP_NAME, members: o.members, tokenSeed, real, peer,
      phaseTimeoutMs: o.phaseTimeoutMs, quietShare: o.quietShare, log: o.log,
      facts: { setupSeconds: round((performance.now() - started) / 1000, 1), seed, seedingProblems },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

