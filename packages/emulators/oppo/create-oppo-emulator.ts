/**
 * A loopback OPPO Push server (vendor-push-protocols.md §5): POST /server/v1/auth issues 24-hour auth tokens
 * against `sign = sha256(app_key + timestamp + master_secret)` with a ±10 minute clock window; the unicast and
 * unicast_batch endpoints take the token as the `auth_token` form field (✅ "在HTTP请求体中携带") or, as many
 * clients send it, an `auth_token` header (🔎), check every message (validate-oppo-message.ts), and keep what
 * each registration id received. Return codes are JSON with HTTP 200, as OPPO's public code table describes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { OppoDeviceRegistry, type OppoDevice } from './device-registry.ts';
import { readBody, writeJson } from '../shared/http-io.ts';
import { OPPO_MESSAGES, oppoAuthToken, oppoBody, oppoMessageId } from './oppo-wire.ts';
import { validateOppoMessage, type ParsedOppoMessage } from './validate-oppo-message.ts';
import type {
  OppoEmulator,
  OppoEmulatorCounters,
  OppoEmulatorOptions,
  OppoEmulatorRegion,
  OppoFault,
  OppoReceivedMessage,
} from './types.ts';

const AUTH_PATH = '/server/v1/auth';
const UNICAST_PATH = '/server/v1/message/notification/unicast';
const BATCH_PATH = '/server/v1/message/notification/unicast_batch';
/** ✅ unicast_batch: "【最多1000个】". */
export const MAX_BATCH_MESSAGES = 1000;
/** 🔎 "PUSH API服务端允许客户端请求最大时间误差为10分钟". */
export const TIMESTAMP_WINDOW_MS = 10 * 60_000;
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const DIGITS = /^\d{1,15}$/;

interface App {
  appKey: string;
  masterSecret: string;
  appId: string;
  channelIds: Set<string> | undefined;
}

interface ActiveFault {
  endpoint: 'auth' | 'send' | 'any';
  scope: 'request' | 'message';
  registrationId: string | undefined;
  status: number;
  code: number | undefined;
  message: string | undefined;
  retryAfter: string | undefined;
  remaining: number;
}

/** The host a registration id belongs to (✅ OPPO's "_"-split rule); kept apart from the channel's copy on purpose. */
function regionOf(registrationId: string): OppoEmulatorRegion {
  const parts = registrationId.split('_');
  if (parts.length === 1) return 'cn';
  if (parts.length === 2) return parts[0] === 'CN' ? 'cn' : 'intl';
  return parts.length === 3 && parts[1] === 'CN' ? 'cn' : 'intl';
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase());
  const y = Buffer.from(b.toLowerCase());
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Registration ids a send names, read loosely, so faults can target them before anything is checked. */
function namedTargets(form: URLSearchParams): string[] {
  const out: string[] = [];
  const take = (m: unknown) => {
    const v = (m as { target_value?: unknown } | null)?.target_value;
    if (typeof v === 'string') out.push(v);
  };
  try {
    const one = form.get('message');
    if (one !== null) take(JSON.parse(one));
    const many = form.get('messages');
    if (many !== null) {
      const list: unknown = JSON.parse(many);
      if (Array.isArray(list)) list.forEach(take);
    }
  } catch {
    // Malformed JSON is reported by the send itself.
  }
  return out;
}

export async function createOppoEmulator(o: OppoEmulatorOptions = {}): Promise<OppoEmulator> {
  const host = o.host ?? '127.0.0.1';
  const clock = o.clock ?? Date.now;
  const tokenLifetime = o.tokenLifetimeMs ?? 24 * 3_600_000;
  const acceptUnknown = o.acceptUnknownDevices ?? false;
  const keepPayloads = o.keepPayloads ?? true;
  const apps = new Map<string, App>();
  const tokens = new Map<string, { appKey: string; expiresAt: number }>();
  const devices = new OppoDeviceRegistry();
  const counters: OppoEmulatorCounters = { requests: 0, authRequests: 0, tokensIssued: 0, delivered: 0, errors: {} };
  let faults: ActiveFault[] = [];
  let latencyMs = 0;
  const sockets = new Set<Socket>();

  function count(key: string): void {
    counters.errors[key] = (counters.errors[key] ?? 0) + 1;
  }

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (latencyMs > 0) setTimeout(writeJson, latencyMs, res, status, body, headers);
    else writeJson(res, status, body, headers);
  }

  function error(res: ServerResponse, code: number, detail?: string): void {
    count(String(code));
    reply(res, 200, oppoBody(code, detail));
  }

  function takeFault(endpoint: 'auth' | 'send', targets: readonly string[], scope: ActiveFault['scope'] = 'request'): ActiveFault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (f.scope !== scope || (f.endpoint !== 'any' && f.endpoint !== endpoint)) continue;
      if (f.registrationId !== undefined && !targets.includes(f.registrationId)) continue;
      f.remaining--;
      if (f.remaining <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  function answerFault(res: ServerResponse, f: ActiveFault): void {
    const headers: Record<string, string> = f.retryAfter === undefined ? {} : { 'retry-after': f.retryAfter };
    count(f.code === undefined ? `HTTP${f.status}` : String(f.code));
    const body = f.code === undefined ? { code: -1, message: f.message ?? 'Service Currently Unavailable' } : oppoBody(f.code, f.message);
    reply(res, f.status, body, headers);
  }

  function auth(res: ServerResponse, form: URLSearchParams): void {
    counters.authRequests++;
    const fault = faults.length > 0 ? takeFault('auth', []) : undefined;
    if (fault !== undefined) return answerFault(res, fault);
    const appKey = form.get('app_key') ?? '';
    if (appKey === '') return error(res, 15);
    const app = apps.get(appKey);
    if (app === undefined) return error(res, 14);
    const sign = form.get('sign') ?? '';
    if (sign === '') return error(res, 17);
    const timestamp = form.get('timestamp') ?? '';
    if (timestamp === '') return error(res, 18);
    const now = clock();
    if (!DIGITS.test(timestamp) || Math.abs(now - Number(timestamp)) > TIMESTAMP_WINDOW_MS) return error(res, 19);
    const expected = createHash('sha256').update(appKey + timestamp + app.masterSecret, 'utf8').digest('hex');
    if (!sameHex(sign, expected)) return error(res, 16);
    const token = oppoAuthToken();
    tokens.set(token, { appKey, expiresAt: now + tokenLifetime });
    counters.tokensIssued++;
    reply(res, 200, oppoBody(0, undefined, { auth_token: token, create_time: now }));
  }

  function accepts(app: App, registrationId: string): OppoDevice | undefined {
    if (o.region !== undefined && regionOf(registrationId) !== o.region) return undefined;
    const device = devices.get(registrationId);
    if (device === undefined) return acceptUnknown ? devices.adopt(registrationId, app.appKey) : undefined;
    return !device.unregistered && device.appKey === app.appKey ? device : undefined;
  }

  function deliver(app: App, device: OppoDevice, m: ParsedOppoMessage, endpoint: OppoReceivedMessage['endpoint'], messageId: string): void {
    // "对于单推消息，相同app_message_id的消息只会对同一个目标推送一次"
    if (m.appMessageId !== undefined) {
      if (device.appMessageIds.has(m.appMessageId)) return;
      device.appMessageIds.add(m.appMessageId);
    }
    counters.delivered++;
    if (!keepPayloads) return;
    device.inbox.push({
      messageId,
      registrationId: m.registrationId,
      appKey: app.appKey,
      endpoint,
      title: m.title,
      content: m.content,
      channelId: m.channelId,
      category: m.category,
      notifyLevel: m.notifyLevel,
      clickActionType: m.clickActionType,
      actionParameters: m.actionParameters,
      verifyRegistrationId: m.verifyRegistrationId,
      notification: m.notification,
      receivedAt: clock(),
    });
  }

  function send(req: IncomingMessage, res: ServerResponse, form: URLSearchParams, batch: boolean): void {
    const fault = faults.length > 0 ? takeFault('send', namedTargets(form)) : undefined;
    if (fault !== undefined) return answerFault(res, fault);
    const headerToken = req.headers['auth_token'];
    const token = form.get('auth_token') ?? (typeof headerToken === 'string' ? headerToken : '');
    if (token === '') return error(res, 29);
    const session = tokens.get(token);
    if (session === undefined || clock() >= session.expiresAt) return error(res, 11);
    const app = apps.get(session.appKey)!;
    const rules = { channelIds: app.channelIds };

    const field = batch ? 'messages' : 'message';
    const raw = form.get(field);
    if (raw === null || raw === '') return error(res, 40, field);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return error(res, 41, `${field} is not JSON`);
    }
    if (!batch) {
      const checked = validateOppoMessage(parsed, rules);
      if (!checked.ok) return error(res, checked.code, checked.reason);
      const aimed = faults.length > 0 ? takeFault('send', [checked.message.registrationId], 'message') : undefined;
      if (aimed !== undefined) return answerFault(res, aimed);
      const device = accepts(app, checked.message.registrationId);
      if (device === undefined) return error(res, 10000);
      const messageId = oppoMessageId(app.appId);
      deliver(app, device, checked.message, 'unicast', messageId);
      return reply(res, 200, oppoBody(0, undefined, { messageId }));
    }
    if (!Array.isArray(parsed)) return error(res, 41, 'messages must be a JSON array');
    if (parsed.length === 0) return error(res, 40, 'messages is empty');
    if (parsed.length > MAX_BATCH_MESSAGES) return error(res, 41, `${parsed.length} messages, at most ${MAX_BATCH_MESSAGES}`);
    const checked: ParsedOppoMessage[] = [];
    for (const [i, m] of parsed.entries()) {
      const v = validateOppoMessage(m, rules);
      if (!v.ok) return error(res, v.code, `messages[${i}]: ${v.reason}`);
      checked.push(v.message);
    }
    const data = checked.map((m) => {
      const messageId = oppoMessageId(app.appId);
      const aimed = faults.length > 0 ? takeFault('send', [m.registrationId], 'message') : undefined;
      if (aimed?.code !== undefined) {
        count(String(aimed.code));
        return { messageId, registrationId: m.registrationId, errorCode: aimed.code, errorMessage: OPPO_MESSAGES[aimed.code] ?? 'Error' };
      }
      const device = accepts(app, m.registrationId);
      if (device === undefined) {
        count('10000');
        return { messageId, registrationId: m.registrationId, errorCode: 10000, errorMessage: 'Invalid Registration_id' };
      }
      deliver(app, device, m, 'unicast_batch', messageId);
      return { messageId, registrationId: m.registrationId };
    });
    reply(res, 200, oppoBody(0, undefined, data));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    if (path !== AUTH_PATH && path !== UNICAST_PATH && path !== BATCH_PATH) return writeJson(res, 404, { code: 20, message: 'Invalid Method' });
    if (req.method !== 'POST') return error(res, 12);
    const charset = /charset=([^;]+)/i.exec(req.headers['content-type'] ?? '')?.[1]?.trim().toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return error(res, 25);
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return writeJson(res, 413, { code: 41, message: 'Request Entity Too Large' });
    const form = new URLSearchParams(body);
    if (path === AUTH_PATH) return auth(res, form);
    return send(req, res, form, path === BATCH_PATH);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => writeJson(res, 500, { code: -1, message: 'Service Currently Unavailable' }));
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.listen(0, host);
  await once(server, 'listening');
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url,
    counters,
    registerApp(app) {
      apps.set(app.appKey, {
        appKey: app.appKey,
        masterSecret: app.masterSecret,
        appId: app.appId ?? app.appKey,
        channelIds: app.channelIds === undefined ? undefined : new Set(app.channelIds),
      });
    },
    registerDevice(d) {
      devices.register(d.registrationId, d.appKey);
    },
    unregisterDevice(registrationId) {
      devices.unregister(registrationId);
    },
    expireTokens() {
      tokens.clear();
    },
    inbox(registrationId) {
      return devices.get(registrationId)?.inbox.slice() ?? [];
    },
    injectFault(f: OppoFault) {
      if (f.scope === 'message' && f.registrationId === undefined) throw new TypeError('a message-scoped fault needs a registrationId');
      faults.push({
        endpoint: f.endpoint ?? 'send',
        scope: f.scope ?? 'request',
        registrationId: f.registrationId,
        status: f.status ?? 200,
        code: f.code,
        message: f.message,
        retryAfter: f.retryAfterSeconds === undefined ? undefined : String(f.retryAfterSeconds),
        remaining: f.times ?? Number.POSITIVE_INFINITY,
      });
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    clearFaults() {
      faults = [];
    },
    reset() {
      faults = [];
      latencyMs = 0;
      devices.clear();
      tokens.clear();
      counters.requests = 0;
      counters.authRequests = 0;
      counters.tokensIssued = 0;
      counters.delivered = 0;
      counters.errors = {};
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
