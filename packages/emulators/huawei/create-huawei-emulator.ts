/**
 * A loopback Huawei Push Kit: the OAuth client-credentials endpoint (`/oauth2/v3/token`) and the v1 send
 * endpoint (`/v1/{clientId}/messages:send`) on one listener, checking requests as Huawei documents them
 * (vendor-push-protocols.md §3; Huawei send API reference and account server error codes), keeping what each
 * virtual device received, and injecting faults.
 *
 * Replies: business codes and messages from Huawei's table; the HTTP status that goes with each is Huawei's
 * HTTP table where it names one (200 success, 400 parameter errors, 401 authorization, 503 flow control) and
 * ⚠️ otherwise (80300007 "all tokens invalid" is answered 400). OAuth errors are HTTP 400 with
 * `{"error":1101,"sub_error":…,"error_description":…}`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HUAWEI_FIELD_NAMES } from './android-message-rules.ts';
import { createAccessTokenStore } from './access-tokens.ts';
import { createAppRegistry } from './app-registry.ts';
import { createFaultQueue, retryAfterHeader } from './fault-queue.ts';
import { bearerToken, delay, formFields, isJsonRequest, listen, readBody, sendJson } from './http-kit.ts';
import { checkPushMessage, isViolation } from './push-message-rules.ts';
import type { HuaweiEmulator, HuaweiEmulatorCounters, HuaweiEmulatorOptions, HuaweiReceivedMessage } from './types.ts';
import { createVirtualDevices } from './virtual-devices.ts';

const TOKEN_PATH = '/oauth2/v3/token';
const SEND_PATH = /^\/v1\/([^/]+)\/messages:send$/;
const CLIENT_ID = /^[0-9]{1,64}$/;
/** Bodies are read up to this size; 1000 tokens of ~150 characters fit many times over. */
const MAX_REQUEST_BYTES = 1 << 20;
const MAX_MESSAGE_BYTES = 4096;
const MAX_TTL_SECONDS = 1_296_000;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function emptyCounters(): HuaweiEmulatorCounters {
  return { tokenRequests: 0, sendRequests: 0, delivered: 0, illegalTokens: 0, codes: {}, maxTokensSeen: 0 };
}

export async function createHuaweiEmulator(o: HuaweiEmulatorOptions = {}): Promise<HuaweiEmulator> {
  const clock = o.clock ?? Date.now;
  const maxTokens = o.maxTokensPerRequest ?? 1000;
  const keepPayloads = o.keepPayloads ?? true;
  const acceptUnknownDevices = o.acceptUnknownDevices ?? false;
  const apps = createAppRegistry();
  const accessTokens = createAccessTokenStore({ clock, lifetimeSeconds: o.tokenLifetimeSeconds ?? 3600 });
  const devices = createVirtualDevices<HuaweiReceivedMessage>();
  const faults = createFaultQueue<'send' | 'token'>();
  let counters = emptyCounters();
  let latencyMs = 0;
  let sequence = 0;

  function count(key: string): void {
    counters.codes[key] = (counters.codes[key] ?? 0) + 1;
  }

  function newRequestId(): string {
    sequence = (sequence + 1) % 1_000_000;
    return `${clock()}${String(sequence).padStart(6, '0')}`;
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
    const fail = (subError: number, description: string) => {
      count(`oauth:1101:${subError}`);
      return reply(res, 400, { error: 1101, sub_error: subError, error_description: description });
    };
    if (req.method !== 'POST') return fail(20182, 'the request must be a POST');
    const form = formFields(req, body);
    if (form.get('grant_type') !== 'client_credentials') return fail(20182, 'invalid grant_type');
    const clientId = form.get('client_id') ?? '';
    if (!CLIENT_ID.test(clientId)) return fail(20002, 'invalid client_id');
    const secret = form.get('client_secret') ?? '';
    if (secret === '') return fail(20171, 'client_secret is empty');
    const app = apps.byClientId(clientId);
    if (app === undefined) return fail(20003, 'client_id does not exist');
    if (secret !== app.clientSecret) return fail(12304, 'invalid client_secret');
    const issued = accessTokens.issue(clientId);
    count('oauth:ok');
    return reply(res, 200, { access_token: issued.token, expires_in: issued.expiresIn, token_type: 'Bearer' });
  }

  async function send(req: IncomingMessage, res: ServerResponse, clientId: string): Promise<void> {
    counters.sendRequests++;
    const requestId = newRequestId();
    const answer = (status: number, code: string, msg: string) => {
      count(code);
      return reply(res, status, { code, msg, requestId });
    };
    const raw = await readBody(req, MAX_REQUEST_BYTES);
    const fault = faults.take('send');
    if (fault !== undefined) {
      count(isObject(fault.body) && typeof fault.body['code'] === 'string' ? fault.body['code'] : `HTTP${fault.status}`);
      return reply(res, fault.status, { ...(fault.body as Json), requestId }, retryAfterHeader(fault));
    }
    if (req.method !== 'POST') return answer(405, '80100001', 'the request must be a POST');
    const access = bearerToken(req);
    const check = access === undefined ? undefined : accessTokens.check(access);
    if (check === undefined || (!check.ok && check.why === 'unknown')) return answer(401, '80200001', 'Oauth authentication error');
    if (!check.ok) return answer(401, '80200003', 'Oauth Token expired');
    // "应用A的Client ID申请的Access Token，用于给应用B推送消息" is an authentication error.
    if (check.clientId !== clientId) return answer(401, '80200001', 'Oauth authentication error');
    const app = apps.byClientId(clientId);
    if (app === undefined) return answer(401, '80200001', 'Oauth authentication error');
    if (raw === undefined) return answer(400, '80300008', 'The message body size exceeds the default value');
    if (!isJsonRequest(req)) return answer(400, '80100003', 'Content-Type must be application/json');
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(400, '80100003', 'Illegal message structure: not JSON');
    }
    if (!isObject(body) || !isObject(body['message'])) return answer(400, '80100003', 'Illegal message structure: message is required');
    const validateOnly = body['validate_only'];
    if (validateOnly !== undefined && typeof validateOnly !== 'boolean') return answer(400, '80100001', 'validate_only: must be a boolean');
    const checked = checkPushMessage(body['message'], 'message', HUAWEI_FIELD_NAMES, {
      maxTokens,
      maxBytes: MAX_MESSAGE_BYTES,
      maxTtlSeconds: MAX_TTL_SECONDS,
      categories: true,
    });
    if (isViolation(checked)) return answer(400, checked.code, checked.msg);
    counters.maxTokensSeen = Math.max(counters.maxTokensSeen, checked.tokens.length);

    const good: string[] = [];
    const illegal: string[] = [];
    for (const t of checked.tokens) {
      const status = devices.status(t, app.appId);
      if (status === 'ok' || (status === 'unknown' && acceptUnknownDevices)) good.push(t);
      else illegal.push(t);
    }
    counters.illegalTokens += illegal.length;
    if (good.length === 0) return answer(400, '80300007', 'All the tokens are invalid');
    if (validateOnly !== true) {
      const receivedAt = clock();
      // Huawei delivers a token listed twice twice, and so does the emulator.
      for (const t of good) {
        devices.deliver(t, app.appId, keepPayloads ? { requestId, appId: app.appId, message: checked.content, receivedAt } : undefined);
        counters.delivered++;
      }
    }
    if (illegal.length === 0) return answer(200, '80000000', 'Success');
    return answer(200, '80100000', JSON.stringify({ success: good.length, failure: illegal.length, illegal_tokens: illegal }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === TOKEN_PATH) return token(req, res);
    const m = SEND_PATH.exec(path);
    if (m !== null) return send(req, res, decodeURIComponent(m[1]!));
    await readBody(req, MAX_REQUEST_BYTES);
    return reply(res, 404, { code: '404', msg: 'Not Found' });
  }

  const listener = await listen(
    (req, res) => {
      handle(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { code: '81000001', msg: 'Internal error' });
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
      apps.register({ appId: app.appId, clientId: app.clientId ?? app.appId, clientSecret: app.clientSecret });
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
          ? { ...(f.subError === undefined ? {} : { error: 1101, sub_error: f.subError }), error_description: f.msg ?? 'injected fault' }
          : // Without a business code the status alone speaks, as for a gateway's flow control.
            { ...(f.code === undefined ? {} : { code: f.code }), msg: f.msg ?? 'injected fault' };
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
