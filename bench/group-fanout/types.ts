/**
 * Shapes shared by the group-fanout harness (parent) and its two children: Herald (server-child.ts) and the APNs
 * emulator (emulator-child.ts). Everything here crosses the IPC channel, so it is plain JSON.
 */
import type { ApnsKeyRegistration } from '@herald/emulators/apns';
import type { JobRun } from './job-timing.ts';
import type { SqlStat } from './sql-timing.ts';

/** The IM app, push app and big group the seeded members belong to. */
export interface MemberScope {
  sdkAppId: number;
  accessId: number;
  groupId: string;
}

/** The tables a member's setup writes, in the order they are seeded. */
export const MEMBER_TABLES = ['im_user', 'device', 'account_binding', 'im_device', 'im_offline_push_config', 'im_group_member'] as const;

export type MemberTable = (typeof MEMBER_TABLES)[number];

export type Row = Record<string, unknown>;

/** One member's rows, by table (null: the member has no row there). */
export type MemberRows = Record<MemberTable, Row | null>;

export interface SeedRequestBody {
  scope: MemberScope;
  /** A member set up through the public APIs whose rows the seeded ones copy (all but their own identities). */
  template: string;
  /** How many seeded members (seededUserId(0 … count-1)). */
  count: number;
  tokenSeed: string;
}

export interface SeedResult {
  seconds: number;
  rows: Record<MemberTable, number>;
}

/** The queue and tasks of the server: a phase starts only when nothing is left from the previous one. */
export interface ServerBacklog {
  /** Queue jobs pending or leased. */
  openJobs: number;
  /** Push tasks not finished (or failed, cancelled, deleted). */
  openTasks: number;
}

/** What the server's own rows say about one fan-out or one dispatch (epoch ms from the server's clock). */
export interface ServerTimeline {
  /** `im_group_push` jobs (pages of members); 0 for a dispatch. */
  pages: number;
  /** Per page: completion − creation (the wait for a worker slot included), ms. */
  pageMsP50: number;
  pageMsMax: number;
  /** Push tasks made (fan-out: one per page; dispatch: one). */
  tasks: number;
  resolveJobs: number;
  sendJobs: number;
  /** Delivery rows written and how many of them are `delivered`. */
  deliveries: number;
  delivered: number;
  /** Completion of the last page / the last resolve job, and of the last send job. */
  lastPlannedAt: number | null;
  lastSendDoneAt: number | null;
}

export type ServerRequest =
  | { id: number; type: 'start'; sqlTiming: boolean }
  | { id: number; type: 'member-rows'; scope: MemberScope; userIds: string[] }
  | ({ id: number; type: 'seed' } & SeedRequestBody)
  | { id: number; type: 'backlog' }
  | { id: number; type: 'cpu' }
  | { id: number; type: 'fanout-timeline'; sdkAppId: number; groupId: string; seq: number }
  | { id: number; type: 'dispatch-timeline'; pushId: string }
  | { id: number; type: 'diagnostics' }
  | { id: number; type: 'close' };

/** Since the previous `diagnostics` request: each IM job's run time by kind, and, with --sql-timing, the top statements. */
export interface ServerDiagnostics {
  jobs: Record<string, JobRun[]>;
  sql: SqlStat[] | null;
}

export interface ArmRequestBody {
  topic: string;
  tokenSeed: string;
  /** Seeded members' tokens vendorToken(seed, 0 … seeded-1): expected to get the push. */
  seeded: number;
  /** Other tokens expected to get the push (the real-API members' phones). */
  expected: string[];
  /** Tokens registered but not expected (the peer's phone, pushed by the 2-member group). */
  extra: string[];
}

export type EmulatorRequest =
  | { id: number; type: 'start'; key: ApnsKeyRegistration }
  | ({ id: number; type: 'arm' } & ArmRequestBody)
  | { id: number; type: 'progress' }
  | { id: number; type: 'tally' }
  | { id: number; type: 'cpu' }
  | { id: number; type: 'close' };

export interface EmulatorStarted {
  productUrl: string;
  devUrl: string;
  caCertPem: string;
}

/** Cheap, for polling: counters only. */
export interface PushProgress {
  accepted: number;
  rejected: number;
  /** Notifications the `extra` tokens received (accepted − this = pushes to expected tokens). */
  extraReceived: number;
}

/** Per token, after the fact: who got the push, how often, and when (emulator clock, epoch ms). */
export interface PushTally {
  expected: number;
  reached: number;
  /** Expected tokens with more than one notification. */
  duplicated: number;
  missing: number;
  rejected: Record<string, number>;
  firstAt: number | null;
  lastAt: number | null;
  /** The alert bodies received by the named tokens (`expected` and `extra` of the arm request), in order. */
  bodies: Record<string, string[]>;
}
