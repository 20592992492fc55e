/**
 * Herald's configuration: one typed schema with its defaults beside it. Every key maps to one `HERALD_*`
 * environment variable (see `ENV_NAMES`); keys marked secret also accept `HERALD_*_FILE` pointing at a file.
 * docs/configuration.md documents the same keys, and a test keeps the two in step.
 */
import { Type, type Static } from 'typebox';

const Int = (min: number, max: number, def: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, default: def, description });
const Str = (def: string, description: string) => Type.String({ default: def, description });
const OptStr = (description: string) => Type.Optional(Type.String({ minLength: 1, description }));

export const ConfigSchema = Type.Object(
  {
    host: Str('0.0.0.0', 'Address the HTTP server binds to'),
    port: Int(0, 65535, 8080, 'HTTP port'),
    dataDir: Str('./data', 'Directory for the SQLite database and generated keys (embedded default)'),
    databaseUrl: OptStr('postgres://… to store everything in PostgreSQL instead of SQLite'),
    masterKey: OptStr('32-byte key (base64 or hex) sealing secrets at rest; generated under dataDir when absent'),
    adminToken: OptStr('Bearer token for the management API (/api); generated under dataDir when absent'),
    logLevel: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info', description: 'Log level' }),
    bodyLimitBytes: Int(1024, 16 * 1024 * 1024, 1024 * 1024, 'Largest JSON request body accepted'),
    uploadLimitBytes: Int(1024, 100 * 1024 * 1024, 100 * 1024 * 1024, 'Largest package upload (TPNS allows 100 MB)'),
    tpnsUtcOffsetMinutes: Int(-720, 840, 480, 'Time zone of TPNS send_time strings, in minutes east of UTC (TPNS uses UTC+8)'),
    signReplayWindowSeconds: Int(10, 3600, 300, 'How far a signed request TimeStamp may be from now, and how long a Sign is remembered'),
    apnsProductUrl: Str('https://api.push.apple.com', 'APNs production base URL'),
    apnsDevUrl: Str('https://api.sandbox.push.apple.com', 'APNs sandbox base URL'),
    apnsCaFile: OptStr('Extra CA certificate (PEM file) trusted for APNs connections, e.g. the emulator'),
    apnsSessions: Int(1, 64, 1, 'HTTP/2 sessions per APNs credential'),
    apnsMaxInFlight: Int(1, 100_000, 1000, 'Concurrent APNs requests per app'),
    vendorCaFile: OptStr('Extra CA certificate (PEM file) trusted for FCM, Huawei, Honor and Web Push connections, e.g. the emulators'),
    vendorTimeoutMs: Int(100, 120_000, 10_000, 'Per-request timeout of vendor push and credential-check calls (non-APNs channels)'),
    fcmBaseUrl: Str('https://fcm.googleapis.com', 'FCM HTTP v1 API origin'),
    fcmTokenUrl: OptStr("OAuth token endpoint for FCM; the service account's token_uri when absent"),
    huaweiPushUrl: Str('https://push-api.cloud.huawei.com', 'Huawei Push Kit API origin'),
    huaweiAuthUrl: Str('https://oauth-login.cloud.huawei.com', 'Huawei OAuth origin'),
    honorPushUrl: Str('https://push-api.cloud.honor.com', 'Honor push API origin'),
    honorAuthUrl: Str('https://iam.developer.honor.com', 'Honor OAuth origin'),
    xiaomiBaseUrl: Str('https://api.xmpush.xiaomi.com', 'Xiaomi Mi Push API origin (global regions have their own hosts)'),
    oppoBaseUrl: Str('https://api.push.oppomobile.com', 'OPPO push API origin for China registration ids'),
    oppoIntlBaseUrl: Str('https://api-intl.push.oppomobile.com', 'OPPO push API origin for overseas registration ids'),
    vivoBaseUrl: Str('https://api-push.vivo.com.cn', 'vivo push API origin'),
    meizuBaseUrl: Str('https://server-api-push.meizu.com', 'Meizu push API origin'),
    webPushSubject: Str('mailto:webpush@herald.invalid', 'VAPID subject (mailto: or https:) put in keys generated for web apps; set your own contact'),
    webPushAllowLoopbackHttp: Type.Boolean({ default: false, description: 'Deliver Web Push to plain-http endpoints on loopback hosts (tests, a local UnifiedPush distributor)' }),
    vendorMaxInFlight: Int(1, 100_000, 64, 'Concurrent requests per app to each non-APNs vendor'),
    workerConcurrency: Int(1, 1024, 4, 'Queue jobs a worker runs at once'),
    queueBatchSize: Int(1, 1000, 500, 'Devices per send job'),
    queueLeaseMs: Int(1000, 3_600_000, 60_000, 'How long a worker holds a job before another may take it over'),
    queuePollMs: Int(10, 60_000, 250, 'How often an idle worker looks for due jobs'),
    shutdownGraceMs: Int(0, 600_000, 10_000, 'How long in-flight pushes may run on shutdown before going back to the queue'),
    workerEnabled: Type.Boolean({ default: true, description: 'Run push workers in this process' }),
    wsHeartbeatSeconds: Type.Number({ minimum: 0.05, maximum: 3600, default: 30, description: 'Chat heartbeat interval announced at login; a connection silent for 3 intervals is closed' }),
    wsMaxFrameBytes: Int(1024, 16 * 1024 * 1024, 65536, 'Largest chat WebSocket frame; a larger one closes the connection (1009)'),
    nodeId: OptStr('Name of this node in presence records (im_device.node_id); hostname-pid-random when absent'),
    redisUrl: OptStr('redis://… to carry presence and chat deliveries across nodes; one node runs without it'),
    imRoamingDays: Int(1, 3650, 7, 'Days chat messages are kept (roaming); older messages are deleted'),
    imRecallWindowSeconds: Int(0, 7 * 86400, 120, 'How long after sending a user may recall a message (app admins on /v4 are not limited)'),
    imWebhookTimeoutMs: Int(100, 30_000, 2000, "How long Herald waits for an IM app's webhook before applying its timeout policy"),
  },
  { additionalProperties: false },
);

export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Environment variable for each key; secrets also accept `<NAME>_FILE`. */
export const ENV_NAMES: Record<keyof Config, string> = {
  host: 'HERALD_HOST',
  port: 'HERALD_PORT',
  dataDir: 'HERALD_DATA_DIR',
  databaseUrl: 'HERALD_DATABASE_URL',
  masterKey: 'HERALD_MASTER_KEY',
  adminToken: 'HERALD_ADMIN_TOKEN',
  logLevel: 'HERALD_LOG_LEVEL',
  bodyLimitBytes: 'HERALD_BODY_LIMIT_BYTES',
  uploadLimitBytes: 'HERALD_UPLOAD_LIMIT_BYTES',
  tpnsUtcOffsetMinutes: 'HERALD_TPNS_UTC_OFFSET_MINUTES',
  signReplayWindowSeconds: 'HERALD_SIGN_REPLAY_WINDOW_SECONDS',
  apnsProductUrl: 'HERALD_APNS_PRODUCT_URL',
  apnsDevUrl: 'HERALD_APNS_DEV_URL',
  apnsCaFile: 'HERALD_APNS_CA_FILE',
  apnsSessions: 'HERALD_APNS_SESSIONS',
  apnsMaxInFlight: 'HERALD_APNS_MAX_IN_FLIGHT',
  vendorCaFile: 'HERALD_VENDOR_CA_FILE',
  vendorTimeoutMs: 'HERALD_VENDOR_TIMEOUT_MS',
  fcmBaseUrl: 'HERALD_FCM_BASE_URL',
  fcmTokenUrl: 'HERALD_FCM_TOKEN_URL',
  huaweiPushUrl: 'HERALD_HUAWEI_PUSH_URL',
  huaweiAuthUrl: 'HERALD_HUAWEI_AUTH_URL',
  honorPushUrl: 'HERALD_HONOR_PUSH_URL',
  honorAuthUrl: 'HERALD_HONOR_AUTH_URL',
  xiaomiBaseUrl: 'HERALD_XIAOMI_BASE_URL',
  oppoBaseUrl: 'HERALD_OPPO_BASE_URL',
  oppoIntlBaseUrl: 'HERALD_OPPO_INTL_BASE_URL',
  vivoBaseUrl: 'HERALD_VIVO_BASE_URL',
  meizuBaseUrl: 'HERALD_MEIZU_BASE_URL',
  webPushSubject: 'HERALD_WEBPUSH_SUBJECT',
  webPushAllowLoopbackHttp: 'HERALD_WEBPUSH_ALLOW_LOOPBACK_HTTP',
  vendorMaxInFlight: 'HERALD_VENDOR_MAX_IN_FLIGHT',
  workerConcurrency: 'HERALD_WORKER_CONCURRENCY',
  queueBatchSize: 'HERALD_QUEUE_BATCH_SIZE',
  queueLeaseMs: 'HERALD_QUEUE_LEASE_MS',
  queuePollMs: 'HERALD_QUEUE_POLL_MS',
  shutdownGraceMs: 'HERALD_SHUTDOWN_GRACE_MS',
  workerEnabled: 'HERALD_WORKER_ENABLED',
  wsHeartbeatSeconds: 'HERALD_WS_HEARTBEAT_SECONDS',
  wsMaxFrameBytes: 'HERALD_WS_MAX_FRAME_BYTES',
  nodeId: 'HERALD_NODE_ID',
  redisUrl: 'HERALD_REDIS_URL',
  imRoamingDays: 'HERALD_IM_ROAMING_DAYS',
  imRecallWindowSeconds: 'HERALD_IM_RECALL_WINDOW_SECONDS',
  imWebhookTimeoutMs: 'HERALD_IM_WEBHOOK_TIMEOUT_MS',
};

export const SECRET_KEYS: ReadonlySet<keyof Config> = new Set(['databaseUrl', 'masterKey', 'adminToken', 'redisUrl']);
