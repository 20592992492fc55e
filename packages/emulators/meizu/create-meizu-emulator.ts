/**
 * A loopback Meizu (Flyme) push server (MEIZUPUSH/PushAPI README; vendor-push-protocols.md §7): the signed
 * form POST `/garcia/api/server/push/varnished/pushByPushId` with Meizu's parameter, sign and messageJson checks
 * and answer codes (a string `code`; failed pushIds grouped by code in `value`), message folding when a device
 * gets more than five messages within a minute (520), the signed statistics GET used to prove a credential,
 * per-device inboxes and injected faults.
 */
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { MEIZU_CODES, MEIZU_VALUE_CODES, type MeizuCode } from './meizu-codes.ts';
import { checkMeizuMessage } from './meizu-message-check.ts';
import type { MeizuAppRegistration, MeizuEmulator, MeizuEmulatorCounters, MeizuEmulatorOptions, MeizuFault, MeizuReceivedNotification } from './types.ts';

const PUSH_PATH = '/garcia/api/server/push/varnished/pushByPushId';
const STATS_PATH = '/garcia/api/server/push/statistics/dailyPushStatics';
const MAX_BODY_BYTES = 256 * 1024;
const MAX_PUSH_IDS = 1000;
const FOLD_WINDOW_MS = 60_000;
const DATE = /^\d{8}$/;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

interface Device {
  appId: string | undefined;
  unsubscribed: boolean;
  inbox: MeizuReceivedNotification[];
  /** Arrival times within the last folding window. */
  recent: number[];
}

interface App {
  reg: MeizuAppRegistration;
  windowStart: number;
  calls: number;
  /** Pushed notifications per `yyyy-MM-dd`, for the statistics API. */
  daily: Map<string, number>;
}

interface ActiveFault extends MeizuFault {
  remaining: number;
}

function reply(c: MeizuCode, value: unknown = '', extra: Record<string, unknown> = {}): Reply {
  return {
    status: 200,
    body: JSON.stringify({ code: c.code, message: c.message, value, redirect: '', ...extra }),
    headers: { 'content-type': 'application/json;charset=UTF-8' },
  };
}

/** The sign Meizu expects: sorted `key=value` pairs of every parameter but `sign`, then the AppSecret, MD5. */
function expectedSign(params: URLSearchParams, secret: string): string {
  const keys = [...new Set(params.keys())].filter((k) => k !== 'sign').sort();
  return createHash('md5')
    .update(keys.map((k) => `${k}=${params.get(k) ?? ''}`).join('') + secret, 'utf8')
    .digest('hex');
}

function beijingDate(now: number): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}

export async function createMeizuEmulator(o: MeizuEmulatorOptions = {}): Promise<MeizuEmulator> {
  const host = o.host ?? '127.0.0.1';
  const clock = o.clock ?? Date.now;
  const foldAfter = o.foldAfterPerMinute ?? 5;
  const rate = o.requestsPerSecond;
  const acceptUnknown = o.acceptUnknownDevices ?? false;
  const keepPayloads = o.keepPayloads ?? true;

  const apps = new Map<string, App>();
  const devices = new Map<string, Device>();
  const counters: MeizuEmulatorCounters = { requests: 0, delivered: 0, folded: 0, codes: {}, paths: {} };
  let faults: ActiveFault[] = [];
  let latencyMs = 0;

  function count(code: string): void {
    counters.codes[code] = (counters.codes[code] ?? 0) + 1;
  }

  function refuse(c: MeizuCode, message?: string): Reply {
    count(c.code);
    return reply(message === undefined ? c : { code: c.code, message });
  }

  /** Parameter, app and sign checks shared by every signed call: the app, or the refusal to answer with. */
  function authenticate(params: URLSearchParams, required: readonly string[]): { app: App } | { refusal: Reply } {
    for (const k of [...required, 'sign']) {
      if ((params.get(k) ?? '') === '') return { refusal: refuse(MEIZU_CODES.paramEmpty) };
    }
    const app = apps.get(params.get('appId')!);
    if (app === undefined) return { refusal: refuse(MEIZU_CODES.appIdInvalid) };
    if (params.get('sign') !== expectedSign(params, app.reg.appSecret)) return { refusal: refuse(MEIZU_CODES.signInvalid) };
    return { app };
  }

  function folded(d: Device, now: number): boolean {
    d.recent = d.recent.filter((t) => now - t < FOLD_WINDOW_MS);
    if (d.recent.length >= foldAfter) return true;
    d.recent.push(now);
    return false;
  }

  function pushByPushId(params: URLSearchParams, fault: ActiveFault | undefined): Reply {
    const auth = authenticate(params, ['appId', 'pushIds', 'messageJson']);
    if ('refusal' in auth) return auth.refusal;
    const app = auth.app;
    const now = clock();
    if (rate !== undefined) {
      if (now - app.windowStart >= 1000) {
        app.windowStart = now;
        app.calls = 0;
      }
      if (++app.calls > rate) return refuse(MEIZU_CODES.rateLimited);
    }
    const pushIds = [...new Set(params.get('pushIds')!.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
    if (pushIds.length === 0) return refuse(MEIZU_CODES.paramEmpty);
    if (pushIds.length > MAX_PUSH_IDS) return refuse(MEIZU_CODES.paramError, 'pushIds一批最多不能超过1000个');
    const m = checkMeizuMessage(params.get('messageJson')!);
    if ('problem' in m) return refuse(MEIZU_CODES.paramError, m.problem);

    const msgId = randomBytes(16).toString('hex');
    const failed: Record<string, string[]> = {};
    const fail = (code: string, id: string) => {
      count(code);
      (failed[code] ??= []).push(id);
    };
    const day = beijingDate(now);
    for (const id of pushIds) {
      if (fault?.valueCode !== undefined && (fault.pushId === undefined || fault.pushId === id)) {
        fail(fault.valueCode, id);
        continue;
      }
      let d = devices.get(id);
      if (d === undefined && acceptUnknown) {
        d = { appId: app.reg.appId, unsubscribed: false, inbox: [], recent: [] };
        devices.set(id, d);
      }
      // "一般情况下，pushId未注册则视为非法".
      if (d === undefined || (d.appId !== undefined && d.appId !== app.reg.appId)) {
        fail(MEIZU_VALUE_CODES.invalid, id);
        continue;
      }
      if (d.unsubscribed) {
        fail(MEIZU_VALUE_CODES.unsubscribed, id);
        continue;
      }
      if (folded(d, now)) {
        counters.folded++;
        fail(MEIZU_VALUE_CODES.folded, id);
        continue;
      }
      counters.delivered++;
      app.daily.set(day, (app.daily.get(day) ?? 0) + 1);
      if (keepPayloads) d.inbox.push({ msgId, ...m, receivedAt: now });
    }
    return reply(MEIZU_CODES.ok, failed, { msgId });
  }

  function dailyStatistics(params: URLSearchParams): Reply {
    const auth = authenticate(params, ['appId', 'startTime', 'endTime']);
    if ('refusal' in auth) return auth.refusal;
    const start = params.get('startTime')!;
    const end = params.get('endTime')!;
    if (!DATE.test(start) || !DATE.test(end)) return refuse(MEIZU_CODES.paramError);
    if (end < start) return refuse(MEIZU_CODES.other, '结束时间不能早于开始时间');
    const value = [...auth.app.daily.entries()]
      .filter(([date]) => {
        const compact = date.replace(/-/g, '');
        return compact >= start && compact <= end;
      })
      .map(([date, n]) => ({ date, targetNo: n, validNo: n, pushedNo: n, acceptNo: n, displayNo: n, clickNo: 0 }));
    return reply(MEIZU_CODES.ok, value);
  }

  function takeFault(path: string, params: URLSearchParams): ActiveFault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (f.path !== undefined && f.path !== path) continue;
      if (f.pushId !== undefined && !(params.get('pushIds') ?? '').split(',').includes(f.pushId)) continue;
      if (--f.remaining <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  function route(path: string, method: string, params: URLSearchParams): Reply {
    const fault = faults.length > 0 ? takeFault(path, params) : undefined;
    let r: Reply;
    if (fault !== undefined && fault.httpStatus !== undefined) {
      count(`HTTP${fault.httpStatus}`);
      r = { status: fault.httpStatus, body: `${fault.httpStatus} Service Temporarily Unavailable`, headers: { 'content-type': 'text/plain' } };
    } else if (fault !== undefined && fault.code !== undefined) {
      r = refuse({ code: fault.code, message: fault.message ?? '' });
    } else if (path === PUSH_PATH) {
      r = method === 'POST' ? pushByPushId(params, fault) : { status: 405, body: 'Method Not Allowed', headers: { 'content-type': 'text/plain' } };
    } else {
      r = method === 'GET' ? dailyStatistics(params) : { status: 405, body: 'Method Not Allowed', headers: { 'content-type': 'text/plain' } };
    }
    if (fault?.retryAfterSeconds !== undefined) r.headers['retry-after'] = String(fault.retryAfterSeconds);
    return r;
  }

  function write(res: http.ServerResponse, r: Reply): void {
    const go = () => {
      if (res.destroyed) return;
      res.writeHead(r.status, r.headers);
      res.end(r.body);
    };
    if (latencyMs > 0) setTimeout(go, latencyMs);
    else go();
  }

  const server = http.createServer((req, res) => {
    counters.requests++;
    const [path = '', query = ''] = (req.url ?? '').split('?');
    counters.paths[path] = (counters.paths[path] ?? 0) + 1;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (path !== PUSH_PATH && path !== STATS_PATH) return write(res, { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } });
      if (size > MAX_BODY_BYTES) return write(res, { status: 413, body: 'Request Entity Too Large', headers: { 'content-type': 'text/plain' } });
      const type = req.headers['content-type'] ?? '';
      if (req.method === 'POST' && !type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
        return write(res, refuse(MEIZU_CODES.paramEmpty));
      }
      const params = new URLSearchParams(req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : query);
      write(res, route(path, req.method ?? 'GET', params));
    });
  });
  server.listen(0, host);
  await once(server, 'listening');
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url,
    counters,
    registerApp(app) {
      const existing = apps.get(app.appId);
      if (existing !== undefined) existing.reg = { ...app };
      else apps.set(app.appId, { reg: { ...app }, windowStart: 0, calls: 0, daily: new Map() });
    },
    registerDevice(d) {
      devices.set(d.pushId, { appId: d.appId, unsubscribed: false, inbox: [], recent: [] });
    },
    unregisterDevice(pushId) {
      const d = devices.get(pushId);
      if (d !== undefined) d.unsubscribed = true;
      else devices.set(pushId, { appId: undefined, unsubscribed: true, inbox: [], recent: [] });
    },
    inbox(pushId) {
      return devices.get(pushId)?.inbox.slice() ?? [];
    },
    injectFault(f) {
      faults.push({ ...f, remaining: f.times ?? Number.POSITIVE_INFINITY });
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
      for (const app of apps.values()) {
        app.windowStart = 0;
        app.calls = 0;
        app.daily.clear();
      }
      counters.requests = 0;
      counters.delivered = 0;
      counters.folded = 0;
      counters.codes = {};
      counters.paths = {};
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
