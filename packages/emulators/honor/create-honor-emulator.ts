/**
 * A loopback Honor Push: the token endpoint (`/auth/token`, and the older
 * `/auth/realms/developer/protocol/openid-connect/token` of Honor's 2023 guide) and the send endpoint
 * (`/api/v1/{appId}/sendMessage`) on one listener. Built from the Huawei emulator's parts, since the two
 * protocols share their shape (vendor-push-protocols.md §3.4).
 *
 * Verified: paths, form fields, the `timestamp` header, the camelCase body, and the success reply
 * `{"code":200,"message":"Success","data":{"sendResult":true,"requestId","failTokens":[],"expireTokens":[]}}`
 * (🔎 third-party clients and a vendor passing Honor's reply through). ⚠️ Not verified: the token endpoint's
 * error bodies (OAuth 2.0 / Keycloak style here, since the older path is Keycloak's), the requirement of the
 * `timestamp` header, error codes other than 200 and 80100000 (Huawei's table, as integers), the HTTP status
 * of each error, and the limits (Huawei's 1000 tokens and 4096 bytes).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HONOR_FIELD_NAMES,
  bearerToken,
  checkPushMessage,
  createAccessTokenStore,
  createAppRegistry,
  createFaultQueue,
  createVirtualDevices,
  delay,
  formFields,
  isJsonRequest,
  isViolation,
  listen,
  readBody,
  retryAfterHeader,
  sendJson,
} from '../huawei/index.ts';
import type { HonorEmulator, HonorEmulatorCounters, HonorEmulatorOptions, HonorReceivedMessage } from './types.ts';

const TOKEN_PATHS = new Set(['/auth/token', '/auth/realms/developer/protocol/openid-connect/token']);
const SEND_PATH = /^\/api\/v1\/([^/]+)\/sendMessage$/;
const MAX_REQUEST_BYTES = 1 << 20;
const MAX_BODY_BYTES = 4096;
const MAX_TTL_SECONDS = 1_296_000;
const TIMESTAMP = /^\d{10,16}$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function emptyCounters(): HonorEmulatorCounters {
  return { tokenRequests: 0, sendRequests: 0, delivered: 0, failTokens: 0, expireTokens: 0, codes: {}, maxTokensSeen: 0 };
}

export async function createHonorEmulator(o: HonorEmulatorOptions = {}): Promise<HonorEmulator> {
  const clock = o.clock ?? Date.now;
  const maxTokens = o.maxTokensPerRequest ?? 1000;
  const keepPayloads = o.keepPayloads ?? true;
  const acceptUnknownDevices = o.acceptUnknownDevices ?? false;
  const apps = createAppRegistry();
  const accessTokens = createAccessTokenStore({ clock, lifetimeSeconds: o.tokenLifetimeSeconds ?? 3600 });
  const devices = createVirtualDevices<HonorReceivedMessage>();
  const faults = createFaultQueue<'send' | 'token'>();
  let counters = emptyCounters();
  let latencyMs = 0;
  let sequence = 0;

  function count(key: string): void {
    counters.codes[key] = (counters.codes[key] ?? 0) + 1;
  }

  function newRequestId(): string {
    sequence = (sequence + 1) % 1_000_000;
    return `${sequence}-${clock().toString(16)}${Math.floor(Math.random() * 0xffffffff).toString(16)}`;
  }

  async function reply(res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): Promise<void> {
    await delay(latencyMs);
    sendJson(res, status, body, headers);
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.tokenRequests++;
    const body = (await readBody(req, 64 * 1024)) ?? Buffer.alloc(0);
    const fault = faults.take('token');
    if (fault !== undefined) {
      count(`oauth:fault:${fault.status}`);
      return reply(res, fault.status, fault.body, retryAfterHeader(fault));
    }
    const fail = (status: number, error: string, description: string) => {
      count(`oauth:${error}`);
      return reply(res, status, { error, error_description: description });
    };
    if (req.method !== 'POST') return fail(405, 'invalid_request', 'HTTP method not allowed');
    const form = formFields(req, body);
    if (form.get('grant_type') !== 'client_credentials') return fail(400, 'unsupported_grant_type', 'Unsupported grant_type');
    const clientId = form.get('client_id') ?? '';
    const secret = form.get('client_secret') ?? '';
    if (clientId === '' || secret === '') return fail(400, 'invalid_request', 'Missing parameter: client_id or client_secret');
    const app = apps.byClientId(clientId);
    if (app === undefined || secret !== app.clientSecret) return fail(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    const issued = accessTokens.issue(clientId);
    count('oauth:ok');
    return reply(res, 200, { access_token: issued.token, expires_in: issued.expiresIn, token_type: 'Bearer' });
  }

  async function send(req: IncomingMessage, res: ServerResponse, appId: string): Promise<void> {
    counters.sendRequests++;
    const requestId = newRequestId();
    const answer = (status: number, code: number, message: string, data: Json | null = null) => {
      count(String(code));
      return reply(res, status, { code, message, data });
    };
    const raw = await readBody(req, MAX_REQUEST_BYTES);
    const fault = faults.take('send');
    if (fault !== undefined) {
      count(isObject(fault.body) && fault.body['code'] !== undefined ? String(fault.body['code']) : `HTTP${fault.status}`);
      return reply(res, fault.status, fault.body, retryAfterHeader(fault));
    }
    if (req.method !== 'POST') return answer(405, 80100001, 'The request must be a POST');
    const access = bearerToken(req);
    const check = access === undefined ? undefined : accessTokens.check(access);
    if (check === undefined || (!check.ok && check.why === 'unknown')) return answer(401, 80200001, 'Oauth authentication error');
    if (!check.ok) return answer(401, 80200003, 'Oauth Token expired');
    const app = apps.byAppId(appId);
    if (app === undefined || app.clientId !== check.clientId) return answer(401, 80200001, 'Oauth authentication error');
    const timestamp = req.headers['timestamp'];
    if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) return answer(400, 80100001, 'The timestamp header (epoch milliseconds) is required');
    if (raw === undefined) return answer(400, 80300008, 'The message body size exceeds the default value');
    if (!isJsonRequest(req)) return answer(400, 80100003, 'Content-Type must be application/json');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(400, 80100003, 'Illegal message structure: not JSON');
    }
    if (!isObject(body)) return answer(400, 80100003, 'Illegal message structure');
    const checked = checkPushMessage(body, 'body', HONOR_FIELD_NAMES, { maxTokens, maxBytes: MAX_BODY_BYTES, maxTtlSeconds: MAX_TTL_SECONDS, categories: false });
    if (isViolation(checked)) return answer(400, Number(checked.code), checked.msg);
    counters.maxTokensSeen = Math.max(counters.maxTokensSeen, checked.tokens.length);

    const good: string[] = [];
    const failTokens: string[] = [];
    const expireTokens: string[] = [];
    for (const t of checked.tokens) {
      const status = devices.status(t, app.appId);
      if (status === 'ok' || (status === 'unknown' && acceptUnknownDevices)) good.push(t);
      else if (status === 'unregistered') expireTokens.push(t);
      else failTokens.push(t);
    }
    counters.failTokens += failTokens.length;
    counters.expireTokens += expireTokens.length;
    const data = (sendResult: boolean): Json => ({ sendResult, requestId, failTokens, expireTokens, msgCode: 200 });
    if (good.length === 0 && failTokens.length > 0) return answer(400, 80300007, 'All the tokens are invalid', data(false));
    const receivedAt = clock();
    for (const t of good) {
      devices.deliver(t, app.appId, keepPayloads ? { requestId, appId: app.appId, body: checked.content, timestamp: Number(timestamp), receivedAt } : undefined);
      counters.delivered++;
    }
    if (failTokens.length > 0) return answer(200, 80100000, 'Partial success', data(true));
    return answer(200, 200, 'Success', data(good.length > 0));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (TOKEN_PATHS.has(path)) return token(req, res);
    const m = SEND_PATH.exec(path);
    if (m !== null) return send(req, res, decodeURIComponent(m[1]!));
    await readBody(req, MAX_REQUEST_BYTES);
    return reply(res, 404, { code: 404, message: 'Not Found', data: null });
  }

  const listener = await listen(
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { code: 81000001, message: 'Internal error', data: null });
      });
    },
    { host: o.host ?? '127.0.0.1', tls: o.tls },
  );

  return {
    url: listener.url,
    caCertPem: listener.caCertPem,
    get counters() {
      return counters;
    },
    registerApp(app) {
      apps.register({ ...app });
    },
    setClientSecret(appId, clientSecret) {
      const app = apps.byAppId(appId);
      if (app === undefined) throw new Error(`No such app: ${appId}`);
      app.clientSecret = clientSecret;
    },
    registerDevice(d) {
      devices.register(d.token, d.appId);
    },
    unregisterDevice(token) {
      devices.unregister(token);
    },
    inbox: (token) => devices.inbox(token),
    expireAccessTokens() {
      accessTokens.expireAll();
    },
    injectFault(f) {
      const endpoint = f.endpoint ?? 'send';
      const body =
        endpoint === 'token'
          ? { error: f.error ?? 'temporarily_unavailable', error_description: f.message ?? 'injected fault' }
          : // Without a code the status alone speaks, as for a gateway's flow control.
            { ...(f.code === undefined ? {} : { code: f.code }), message: f.message ?? 'injected fault', data: null };
      faults.add({ endpoint, status: f.status, body, retryAfterSeconds: f.retryAfterSeconds, times: f.times });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    clearFaults() {
      faults.clear();
    },
    reset() {
      faults.clear();
      devices.clear();
      accessTokens.clear();
      latencyMs = 0;
      counters = emptyCounters();
    },
    close: () => listener.close(),
  };
}
