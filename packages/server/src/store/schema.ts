/**
 * The tables of Herald's store, as kysely sees them. The same schema runs on SQLite (embedded default) and
 * PostgreSQL (scaled out); migrations in `migrations.ts` create it on both.
 *
 * Conventions that keep one query layer portable across both dialects:
 * - times are epoch milliseconds in integer/bigint columns (pg's int8 parser is set to Number);
 * - booleans are 0/1 integers;
 * - structured values are JSON text columns (`*_json`), parsed by the repositories;
 * - secrets are stored only as AES-256-GCM sealed text (`*_sealed`), see `crypto/secret-box.ts`.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Platform = 'ios' | 'android' | 'web';
export type Environment = 'product' | 'dev';

export interface ProductTable {
  product_id: Generated<number>;
  name: string;
  description: string;
  category: string;
  /** Region label chosen at creation (guangzhou, shanghai, hongkong, singapore, or a custom label); never changes. */
  access_point: string;
  created_at: number;
  updated_at: number;
}

export interface AppTable {
  /** Numeric AccessID, allocated from 1500000000 upwards. */
  access_id: number;
  product_id: number;
  platform: Platform;
  /** iOS bundle ID, Android package name, or web origin. */
  bundle_id: string;
  /** AccessKey (SDK). Not a secret in TPNS's model: it ships inside the app. */
  access_key: string;
  /** SecretKey (REST API), sealed. */
  secret_key_sealed: string;
  /** 'standard' | 'im_push_only' (set by IM authorization, a later issue). */
  service_mode: string;
  /** The IM app this push app is authorized to, if any. Blocks deletion while set. */
  im_sdk_app_id: number | null;
  created_at: number;
  updated_at: number;
}

export interface CredentialTable {
  credential_id: Generated<number>;
  access_id: number;
  /** ChannelId: 'apns' here; other vendors come with their issue. */
  channel: string;
  /** 'product' | 'dev' for APNs; '' for channels without environments. */
  environment: string;
  /** 'p8' | 'p12' for APNs. */
  kind: string;
  /** Everything secret (key PEM, p12 base64 + password, …), sealed JSON. */
  secret_sealed: string;
  /** What may be shown: keyId, teamId, topic(s), subject, notBefore, notAfter, fingerprint — JSON. */
  meta_json: string;
  created_at: number;
  updated_at: number;
}

export interface DeviceTable {
  /** Herald push token: 36 characters, stable across vendor-token refreshes. */
  token: string;
  access_id: number;
  platform: Platform;
  channel: string;
  vendor_token: string;
  environment: Environment;
  /** sha256 hex of the device secret handed out at registration; the SDK proves possession with it. */
  secret_hash: string;
  app_version: string;
  sdk_version: string;
  locale: string;
  time_zone: string;
  system_version: string;
  device_brand: string;
  device_model: string;
  /** Server-side badge counter for iOS `badge_type` -2. */
  badge: number;
  /** 'active' | 'invalid' (vendor said the token is dead) | 'unregistered'. */
  status: string;
  invalid_reason: string | null;
  created_at: number;
  updated_at: number;
  last_active_at: number;
}

export interface AccountBindingTable {
  access_id: number;
  token: string;
  account: string;
  account_type: number;
  /** When this (token, account) pair was bound; the latest binding is the account's "most recent device". */
  bound_at: number;
}

export interface TagTable {
  access_id: number;
  token: string;
  tag: string;
  /** TPNS tag_type: xg_user_define for custom tags; xg_auto_* are derived from device fields, not stored. */
  tag_type: string;
  created_at: number;
}

export interface PlanTable {
  plan_id: string;
  access_id: number;
  plan_name: string;
  plan_describe: string;
  /** 'default' | 'api' | 'console' | 'im' */
  plan_push_source: string;
  created_at: number;
  updated_at: number;
}

export interface PushTaskTable {
  push_id: string;
  access_id: number;
  plan_id: string;
  audience_type: string;
  /** 'notify' | 'message' */
  message_type: string;
  environment: Environment;
  /** The accepted request body, normalised, as JSON. */
  request_json: string;
  /** TPNS status: PUSH_INIT, PUSH_WAIT, PUSH_STARTED, PUSH_FINISHED, PUSH_FAILED, PUSH_CANCELED, PUSH_DELETED_PUSH_MSG … */
  status: string;
  /** When dispatch may begin (send_time, or accepted time). */
  send_at: number;
  /** After this the task's undelivered batches are dropped and counted as expired. */
  expire_at: number;
  collapse_id: number;
  seq: number;
  upload_id: number | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/**
 * The durable push queue. Kinds of job:
 * - 'resolve': walk the task's audience from `cursor`, enqueue 'send' jobs, re-enqueue itself with the next cursor;
 * - 'send': deliver to `tokens_json` (Herald tokens);
 * - 'im_group_push': the IM offline push of one group message, a page of members at a time (`cursor`); it creates
 *   push tasks as it goes. Its `push_id` names the message (no task has it) and `access_id` is 0.
 * A job is leased (`lease_owner`, `lease_until`) while a worker runs it; an expired lease makes it available again.
 * Per-token outcomes are written to `push_delivery`, so a job taken over after a crash skips tokens already sent.
 */
export type QueueJobKind = 'resolve' | 'send' | 'im_group_push';

export interface QueueJobTable {
  job_id: Generated<number>;
  push_id: string;
  access_id: number;
  kind: QueueJobKind;
  /** 'pending' | 'leased' | 'done' | 'cancelled' | 'expired' */
  state: string;
  cursor: string | null;
  tokens_json: string | null;
  attempt: number;
  available_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  created_at: number;
  updated_at: number;
}

export interface PushDeliveryTable {
  push_id: string;
  token: string;
  access_id: number;
  channel: string;
  /** 'delivered' | 'rejected' | 'failed' | 'expired' (retries are not final and are not recorded here). */
  outcome: string;
  reason: string | null;
  created_at: number;
}

/** Funnel counters per task and channel. Daily per-app aggregation is done by queries over this table. */
export interface PushStatTable {
  push_id: string;
  access_id: number;
  plan_id: string;
  channel: string;
  /** yyyymmdd of the task's send day (for overview and plan statistics). */
  day: string;
  targeted: number;
  sent: number;
  arrived: number;
  clicked: number;
  failed: number;
  invalid: number;
  expired: number;
}

/** Arrival and click receipts, unique per (push, token, kind) so the funnel counts devices, not reports. */
export interface PushReceiptTable {
  push_id: string;
  token: string;
  kind: 'arrived' | 'clicked';
  created_at: number;
}

export interface UploadTable {
  upload_id: Generated<number>;
  access_id: number;
  /** 'account' | 'token' — decided by the content (36-char tokens vs accounts) and the push that uses it. */
  file_name: string;
  line_count: number;
  created_at: number;
}

export interface UploadItemTable {
  upload_id: number;
  seq: number;
  value: string;
}

/** Replay protection for signed requests: (access_id, sign) seen within the replay window. */
export interface ReplayGuardTable {
  access_id: number;
  sign: string;
  expires_at: number;
}

/** An IM app (Tencent IM's SDKAppID). Its secret key signs UserSigs; admins may call the /v4 REST API. */
export interface ImAppTable {
  sdk_app_id: number;
  name: string;
  secret_key_sealed: string;
  /** JSON array of admin identifiers (UserIDs allowed to call /v4 with their UserSig). */
  admins_json: string;
  /** 1: a valid UserSig for an unknown UserID creates the account at login; 0: account_import first. */
  auto_create_users: number;
  created_at: number;
  updated_at: number;
  /** Webhook (third-party callback) URL; null: no webhooks. */
  callback_url: ColumnType<string | null, string | null | undefined, string | null>;
  /** Sealed token for the webhook `Sign` (sha256(token + RequestTime)); null: unsigned. */
  callback_token_sealed: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON array of enabled CallbackCommand names, e.g. ["C2C.CallbackBeforeSendMsg"]. */
  callback_commands_json: ColumnType<string, string | undefined, string>;
  /** 1: a before-send webhook that times out or fails lets the message through (Tencent's default); 0: refuses it. */
  callback_deliver_on_timeout: ColumnType<number, number | undefined, number>;
}

export interface ImUserTable {
  sdk_app_id: number;
  /** UserID: at most 32 bytes of [a-zA-Z0-9_-] (Tencent's rule). */
  user_id: string;
  nickname: string;
  face_url: string;
  /** Other profile fields (Tag_Profile_IM_*), JSON. */
  profile_json: string;
  created_at: number;
  updated_at: number;
}

/**
 * A device a user logged in from. `state` is Tencent's: 'online' (connected, foreground), 'background'
 * (connected, app reported background), 'push_online' (disconnected or background while still logged in;
 * Offline after 7 days), 'offline' (logged out, kicked, or never logged in).
 */
export interface ImDeviceTable {
  sdk_app_id: number;
  user_id: string;
  device_id: string;
  platform: string;
  state: string;
  /** The node holding the device's connection, when connected. */
  node_id: string | null;
  logged_in_at: number;
  state_changed_at: number;
  last_seen_at: number;
}

/**
 * One C2C message, stored once whatever the number of inboxes holding it (migration 008); `id` grows with every
 * message.
 */
export interface ImC2cBodyTable {
  id: Generated<number>;
  sdk_app_id: number;
  msg_key: string;
  from_user: string;
  to_user: string;
  /** Tencent's MsgRandom (uint32); with (from, to) it de-duplicates retries. */
  random: number;
  /** Epoch ms. */
  time: number;
  priority: string;
  /** The message elements as the contract defines them (`[{type, content}]`). */
  elements_json: string;
  cloud_custom_data: string | null;
  offline_push_json: string | null;
  excluded_from_unread: number;
}

/**
 * One message in one owner's inbox: its place in the conversation and the inbox, and the body it shows. `seq` is
 * gap-free per (owner, peer) from 1; `inbox_seq` gap-free per owner from 1 (a device's sync cursor).
 */
export interface ImC2cInboxTable {
  sdk_app_id: number;
  owner: string;
  peer: string;
  seq: number;
  inbox_seq: number;
  body_id: number;
  /** 1 once recalled: the row stays (seqs stay gap-free) and reads show it as recalled, without elements. */
  recalled: ColumnType<number, number | undefined, number>;
}

/**
 * The view `im_c2c_message` (migration 008): one row per inbox row (the sender and the recipient each have one,
 * same `msg_key`) with its body's columns. Read only.
 */
export type ImC2cMessageTable = Omit<ImC2cBodyTable, 'id'> & Omit<ImC2cInboxTable, 'body_id'>;

/** The last inbox_seq handed out per owner; incremented under its row lock by every stored message. */
export interface ImInboxCounterTable {
  sdk_app_id: number;
  owner: string;
  inbox_seq: number;
}

/** One conversation of one owner (`c2c_<peer>`): its counter, read mark, unread count and list entry. */
export interface ImConversationTable {
  sdk_app_id: number;
  owner: string;
  conversation_id: string;
  type: string;
  peer: string;
  last_seq: number;
  read_seq: number;
  unread_count: number;
  pinned: number;
  /** 1 after deleteConversation; the next message brings it back. */
  deleted: number;
  /** The last message event (JSON), for the conversation list. */
  last_message_json: string | null;
  /** Sort key of the list, descending: the last message's time. */
  order_key: number;
  updated_at: number;
}

/**
 * A group. `type` is Tencent's: 'Work', 'Public', 'Meeting', 'AVChatRoom' or 'Community'. `last_seq` is the
 * group's message counter (gap-free, from 1), incremented under the row lock by every stored group message.
 */
export interface ImGroupTable {
  sdk_app_id: number;
  group_id: string;
  type: string;
  name: string;
  /** The owner's UserID; null for a group without owner (created by an app admin without Owner_Account). */
  owner: string | null;
  introduction: string;
  notification: string;
  face_url: string;
  max_members: number;
  /** 'FreeAccess' | 'NeedPermission' | 'DisableApply'. */
  apply_join_option: string;
  /** 1: only the owner and admins may speak. */
  mute_all: number;
  member_count: number;
  last_seq: number;
  /** The last message event (JSON), for conversation lists. */
  last_message_json: string | null;
  /** Time (epoch ms) of the last message, or of creation. */
  last_time: number;
  /** App-defined group fields (AppDefinedData), JSON object. */
  custom_json: string;
  created_at: number;
  updated_at: number;
}

/**
 * A member of a group. Members see messages with seq > `join_seq`; `read_seq` is their read mark (unread =
 * messages after it not sent by them and not excluded). `recv_opt` is the V2TIMReceiveMessageOpt for this group
 * (0 receive, 1 not receive, 2 receive without push, 3 without push except @). `hidden_seq`: the group
 * conversation was deleted at this seq and reappears with the next message.
 */
export interface ImGroupMemberTable {
  sdk_app_id: number;
  group_id: string;
  user_id: string;
  /** 'Owner' | 'Admin' | 'Member'. */
  role: string;
  join_time: number;
  join_seq: number;
  read_seq: number;
  /** Muted until this epoch ms (0: not muted). */
  mute_until: number;
  name_card: string;
  recv_opt: number;
  pinned: number;
  hidden_seq: number;
}

/** One group message, whatever the member count (read diffusion). */
export interface ImGroupMessageTable {
  sdk_app_id: number;
  group_id: string;
  seq: number;
  msg_key: string;
  from_user: string;
  random: number;
  time: number;
  priority: string;
  elements_json: string;
  cloud_custom_data: string | null;
  offline_push_json: string | null;
  /** The GroupAtInfo list as sent (JSON), null without mentions. */
  at_json: string | null;
  /** Directed message: the only members who see it (JSON array), null for everyone. */
  to_users_json: string | null;
  excluded_from_unread: number;
  /** 1: a group tip (member joined, left, …) stored as a message so offline members see it; never unread. */
  is_tip: number;
  recalled: number;
}

/** A mention: `user_id` is the mentioned member, or '__all__' for @all. */
export interface ImGroupAtTable {
  sdk_app_id: number;
  group_id: string;
  user_id: string;
  seq: number;
}

/** A pending request to join a group whose ApplyJoinOption is NeedPermission. */
export interface ImGroupApplicationTable {
  sdk_app_id: number;
  group_id: string;
  user_id: string;
  message: string;
  created_at: number;
}

/** A C2C receive option (V2TIMReceiveMessageOpt 0–2) the owner set for one peer; absent means 0. */
export interface ImReceiveOptTable {
  sdk_app_id: number;
  owner: string;
  peer: string;
  opt: number;
  updated_at: number;
}

/**
 * A user's global receive option and do-not-disturb window (setAllReceiveMessageOpt): a daily window from
 * `dnd_start_second` (seconds after 00:00 UTC) or a one-off window from `dnd_start_time` (epoch seconds), each
 * lasting `dnd_duration` seconds.
 */
export interface ImUserSettingTable {
  sdk_app_id: number;
  user_id: string;
  global_opt: number;
  dnd_start_second: number | null;
  dnd_start_time: number | null;
  dnd_duration: number;
  updated_at: number;
}

/** A signaling invitation (a call). `state`: 'pending' until every invitee answered, timed out, or it was cancelled. */
export interface ImSignalInviteTable {
  sdk_app_id: number;
  invite_id: string;
  inviter: string;
  group_id: string | null;
  data: string;
  timeout_seconds: number;
  online_user_only: number;
  offline_push_json: string | null;
  /** 'pending' | 'finished' | 'cancelled'. */
  state: string;
  created_at: number;
  /** Epoch ms when unanswered invitees time out; null for timeout 0 (never). */
  deadline: number | null;
}

/** One invitee of an invitation: 'pending' | 'accepted' | 'rejected' | 'timeout' | 'cancelled'. */
export interface ImSignalInviteeTable {
  sdk_app_id: number;
  invite_id: string;
  user_id: string;
  state: string;
  deadline: number | null;
  responded_at: number | null;
}

/**
 * An offline push certificate of an IM app (native mode): `business_id` is the certificate ID devices report;
 * it names a credential saved on push app `access_id` for `channel` and `environment` ('dev' | 'product' for
 * APNs, '' for the other channels). `voip` 1: the APNs VoIP certificate (the credential's `.voip` topic).
 * Deleted certificates keep their row with `deleted_at` set, so an ID is never reused.
 */
export interface ImPushCertificateTable {
  sdk_app_id: number;
  business_id: number;
  access_id: number;
  channel: string;
  environment: string;
  voip: number;
  /** A label for the console. */
  name: string;
  created_at: number;
  deleted_at: number | null;
}

/**
 * What one IM device reported with setOfflinePushConfig. `mode` 'native': `token` is the vendor token of
 * certificate `business_id` and (access_id, channel, environment, voip) are the certificate's. `mode` 'tpns':
 * `business_id` 0 and `token` a Herald push token of push app `access_id`; channel and environment are the push
 * device's when it was reported. `status` 'invalid' once a vendor refused the token ("bad devicetoken"), until
 * the device reports again. `token_hash` is the sha256 hex of the token.
 */
export interface ImOfflinePushConfigTable {
  sdk_app_id: number;
  user_id: string;
  device_id: string;
  mode: string;
  business_id: number;
  token: string;
  token_hash: string;
  access_id: number;
  channel: string;
  environment: string;
  voip: number;
  /** 'active' | 'invalid'. */
  status: string;
  invalid_reason: string | null;
  invalid_at: number | null;
  reported_at: number;
}

/** The last offline push decision for a user (migration 006): one row per user, the self-check's source. */
export interface ImOfflinePushOutcomeTable {
  sdk_app_id: number;
  user_id: string;
  /** 'c2c' | 'group' | 'call'. */
  kind: string;
  from_user: string;
  /** The peer for C2C and calls, the group ID for group messages. */
  conversation: string;
  /** The message's sequence in its conversation, or the call's invite ID. */
  message_ref: string;
  /** JSON: [{ deviceId, reason, pushId? }]. */
  devices_json: string;
  decided_at: number;
}

/** A push task queued for a call invite, so any node can stop it when the call is cancelled or answered. */
export interface ImCallPushTable {
  sdk_app_id: number;
  invite_id: string;
  push_id: string;
  /** The invitee the push rings. */
  user_id: string;
  access_id: number;
  created_at: number;
}

/** A web console account (migration 007). Usernames are compared exactly (case-sensitive). */
export interface ConsoleAdminTable {
  username: string;
  /** `$scrypt$ln=…,r=…,p=…$<salt>$<key>` (console/password-hash.ts): parameters kept with the hash. */
  password_hash: string;
  /** 'admin' | 'viewer' (read-only). */
  role: string;
  created_at: number;
  updated_at: number;
}

/** A console session. The cookie carries a random 256-bit id; only its sha256 is stored. */
export interface ConsoleSessionTable {
  id_hash: string;
  username: string;
  /** Sent back in X-CSRF-Token on every change; useless without the cookie. */
  csrf_token: string;
  created_at: number;
  /** Moved forward (at most once a minute) while the session is used; idle expiry counts from here. */
  last_seen_at: number;
}

/** Failed console sign-ins in the current window, per client address and per (address, username). */
export interface ConsoleSigninThrottleTable {
  key: string;
  window_started_at: number;
  failures: number;
}

/** The sha256 of a setup token that creates the first console admin; all are deleted when it exists. */
export interface ConsoleSetupTokenTable {
  token_hash: string;
  created_at: number;
}

export interface Database {
  product: ProductTable;
  app: AppTable;
  credential: CredentialTable;
  device: DeviceTable;
  account_binding: AccountBindingTable;
  tag: TagTable;
  plan: PlanTable;
  push_task: PushTaskTable;
  queue_job: QueueJobTable;
  push_delivery: PushDeliveryTable;
  push_stat: PushStatTable;
  push_receipt: PushReceiptTable;
  upload: UploadTable;
  upload_item: UploadItemTable;
  replay_guard: ReplayGuardTable;
  im_app: ImAppTable;
  im_user: ImUserTable;
  im_device: ImDeviceTable;
  im_c2c_message: ImC2cMessageTable;
  im_c2c_body: ImC2cBodyTable;
  im_c2c_inbox: ImC2cInboxTable;
  im_inbox_counter: ImInboxCounterTable;
  im_conversation: ImConversationTable;
  im_group: ImGroupTable;
  im_group_member: ImGroupMemberTable;
  im_group_message: ImGroupMessageTable;
  im_group_at: ImGroupAtTable;
  im_group_application: ImGroupApplicationTable;
  im_receive_opt: ImReceiveOptTable;
  im_user_setting: ImUserSettingTable;
  im_signal_invite: ImSignalInviteTable;
  im_signal_invitee: ImSignalInviteeTable;
  im_push_certificate: ImPushCertificateTable;
  im_offline_push_config: ImOfflinePushConfigTable;
  im_offline_push_outcome: ImOfflinePushOutcomeTable;
  im_call_push: ImCallPushTable;
  console_admin: ConsoleAdminTable;
  console_session: ConsoleSessionTable;
  console_signin_throttle: ConsoleSigninThrottleTable;
  console_setup_token: ConsoleSetupTokenTable;
}

export type ProductRow = Selectable<ProductTable>;
export type AppRow = Selectable<AppTable>;
export type NewApp = Insertable<AppTable>;
export type AppUpdate = Updateable<AppTable>;
export type CredentialRow = Selectable<CredentialTable>;
export type DeviceRow = Selectable<DeviceTable>;
export type NewDevice = Insertable<DeviceTable>;
export type PlanRow = Selectable<PlanTable>;
export type PushTaskRow = Selectable<PushTaskTable>;
export type QueueJobRow = Selectable<QueueJobTable>;
export type PushStatRow = Selectable<PushStatTable>;
