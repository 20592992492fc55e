/**
 * A loopback Mi Push server (vendor-push-protocols.md §4): POST /v3/message/regid (and /v2, single package)
 * with `Authorization: key=<AppSecret>` and form fields, checked as validate-xiaomi-form.ts describes; GET
 * /v1/stats/message/counters for credential checks. Business errors are HTTP 200 with Xiaomi's JSON body;
 * per-regId problems come back as `data.bad_regids`, or as 20301 "No valid targets!" when no regId is valid.
 * Plain HTTP: the channel takes the base URL, and nothing else in it knows it is under test.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { XiaomiDeviceRegistry } from './device-registry.ts';
import { readBody, writeJson } from '../shared/http-io.ts';
import { validateXiaomiForm, type XiaomiApp } from './validate-xiaomi-form.ts';
import { xiaomiError, xiaomiId, xiaomiOk } from './xiaomi-wire.ts';
import type { XiaomiEmulator, XiaomiEmulatorCounters, XiaomiEmulatorOptions, XiaomiFault, XiaomiReceivedMessage } from './types.ts';

const SEND_PATHS = new Set(['/v3/message/regid', '/v2/message/regid']);
const STATS_PATH = '/v1/stats/message/counters';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const AUTH = /^key=(.+)$/;
const DATE = /^\d{8}$/;
const DAY_MS = 86_400_000;

interface ActiveFault {
  regId: string | undefined;
  status: number;
  code: number | undefined;
  reason: string;
  retryAfter: string | undefined;
  remaining: number;
}

function chinaDay(ms: number): string {
  return utcDay(ms + 8 * 3_600_000);
}

function utcDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Midnight UTC of a yyyyMMdd date: a key for the day, not an instant. */
function dayToMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)));
}

export async function createXiaomiEmulator(o: XiaomiEmulatorOptions = {}): Promise<XiaomiEmulator> {
  const host = o.host ?? '127.0.0.1';
  const clock = o.clock ?? Date.now;
  const acceptUnknown = o.acceptUnknownDevices ?? false;
  const keepPayloads = o.keepPayloads ?? true;
  const apps = new Map<string, XiaomiApp>();
  const devices = new XiaomiDeviceRegistry();
  // Messages delivered per `${package}:${yyyyMMdd}` (China time), for the counters API.
  const daily = new Map<string, number>();
  const counters: XiaomiEmulatorCounters = { requests: 0, delivered: 0, errors: {}, badRegIds: 0 };
  let faults: ActiveFault[] = [];
  let latencyMs = 0;
  const sockets = new Set<Socket>();

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (latencyMs > 0) setTimeout(writeJson, latencyMs, res, status, body, headers);
    else writeJson(res, status, body, headers);
  }

  function error(res: ServerResponse, code: number, reason: string): void {
    counters.errors[String(code)] = (counters.errors[String(code)] ?? 0) + 1;
    reply(res, 200, xiaomiError(code, reason));
  }

  function takeFault(regIds: readonly string[]): ActiveFault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (f.regId !== undefined && !regIds.includes(f.regId)) continue;
      f.remaining--;
      if (f.remaining <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  function answerFault(res: ServerResponse, f: ActiveFault): void {
    const headers: Record<string, string> = f.retryAfter === undefined ? {} : { 'retry-after': f.retryAfter };
    const key = f.code === undefined ? `HTTP${f.status}` : String(f.code);
    counters.errors[key] = (counters.errors[key] ?? 0) + 1;
    const body = f.code === undefined ? { result: 'error', reason: f.reason } : xiaomiError(f.code, f.reason);
    reply(res, f.status, body, headers);
  }

  function authenticate(req: IncomingMessage): XiaomiApp | undefined {
    // Xiaomi: "注意：字符key必须小写，例如：Authorization: key=YOUR_APP_SECRET".
    const match = AUTH.exec(req.headers.authorization ?? '');
    return match === null ? undefined : apps.get(match[1]!);
  }

  function send(req: IncomingMessage, res: ServerResponse, form: URLSearchParams): void {
    const regIdsSent = (form.get('registration_id') ?? '').split(',').map((s) => s.trim());
    const fault = faults.length > 0 ? takeFault(regIdsSent) : undefined;
    if (fault !== undefined) return answerFault(res, fault);
    const app = authenticate(req);
    if (app === undefined) return error(res, 21301, 'Invalid application secret.');
    const type = req.headers['content-type'] ?? '';
    if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return error(res, 10012, 'Content-Type must be application/x-www-form-urlencoded');
    const now = clock();
    const checked = validateXiaomiForm(form, app, now);
    if (!checked.ok) return error(res, checked.code, checked.reason);
    const m = checked.message;

    const good: string[] = [];
    const bad: string[] = [];
    for (const regId of m.regIds) {
      const device = devices.get(regId);
      if (device === undefined ? acceptUnknown : !device.unregistered && m.packageNames.includes(device.packageName)) good.push(regId);
      else bad.push(regId);
    }
    counters.badRegIds += bad.length;
    if (good.length === 0) return error(res, 20301, 'No valid targets!');

    const messageId = xiaomiId('scm');
    const day = chinaDay(now);
    for (const regId of good) {
      const device = devices.get(regId) ?? devices.adopt(regId, m.packageNames[0]!);
      counters.delivered++;
      const key = `${device.packageName}:${day}`;
      daily.set(key, (daily.get(key) ?? 0) + 1);
      if (!keepPayloads) continue;
      const received: XiaomiReceivedMessage = {
        messageId,
        regId,
        packageName: device.packageName,
        passThrough: m.passThrough,
        title: m.title,
        description: m.description,
        payload: m.payload,
        notifyType: m.notifyType,
        notifyId: m.notifyId,
        timeToLive: m.timeToLive,
        timeToSend: m.timeToSend,
        extra: m.extra,
        fields: m.fields,
        receivedAt: now,
      };
      device.inbox.push(received);
    }
    const data: Record<string, unknown> = { id: messageId };
    if (bad.length > 0) data['bad_regids'] = bad.join(',');
    reply(res, 200, xiaomiOk(data, `Received push messages for ${good.length} REGID`));
  }

  function stats(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
    const fault = faults.length > 0 ? takeFault([]) : undefined;
    if (fault !== undefined) return answerFault(res, fault);
    const app = authenticate(req);
    if (app === undefined) return error(res, 21301, 'Invalid application secret.');
    const pkg = query.get('restricted_package_name') ?? '';
    if (pkg === '') return error(res, 10016, 'restricted_package_name is required');
    if (!app.packageNames.has(pkg)) return error(res, 22022, `Invalid package name: ${pkg}`);
    const start = query.get('start_date') ?? '';
    const end = query.get('end_date') ?? '';
    if (start === '' || end === '') return error(res, 10016, 'start_date and end_date are required');
    if (!DATE.test(start) || !DATE.test(end)) return error(res, 10017, 'dates must be yyyyMMdd');
    const from = dayToMs(start);
    const to = dayToMs(end);
    // "开始结束日期之间的跨度小于30天"
    if (Number.isNaN(from) || Number.isNaN(to) || to < from || to - from >= 30 * DAY_MS) return error(res, 10017, 'the date range must be under 30 days');
    const rows: Array<Record<string, unknown>> = [];
    for (let t = from; t <= to; t += DAY_MS) {
      const day = utcDay(t);
      rows.push({ date: day, single_push: daily.get(`${pkg}:${day}`) ?? 0 });
    }
    reply(res, 200, xiaomiOk({ data: rows }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counters.requests++;
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (SEND_PATHS.has(url.pathname)) {
      if (req.method !== 'POST') return writeJson(res, 405, { result: 'error', reason: 'Method Not Allowed' });
      const body = await readBody(req, MAX_BODY_BYTES);
      if (body === undefined) return writeJson(res, 413, { result: 'error', reason: 'Request Entity Too Large' });
      return send(req, res, new URLSearchParams(body));
    }
    if (url.pathname === STATS_PATH) {
      if (req.method !== 'GET') return writeJson(res, 405, { result: 'error', reason: 'Method Not Allowed' });
      return stats(req, res, url.searchParams);
    }
    writeJson(res, 404, { result: 'error', reason: 'Not Found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => writeJson(res, 500, { result: 'error', reason: 'Internal Server Error' }));
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
      apps.set(app.appSecret, {
        appSecret: app.appSecret,
        packageNames: new Set(app.packageNames),
        channelIds: app.channelIds === undefined ? undefined : new Set(app.channelIds),
      });
    },
    revokeSecret(appSecret) {
      apps.delete(appSecret);
    },
    registerDevice(d) {
      devices.register(d.regId, d.packageName);
    },
    unregisterDevice(regId) {
      devices.unregister(regId);
    },
    inbox(regId) {
      return devices.get(regId)?.inbox.slice() ?? [];
    },
    injectFault(f: XiaomiFault) {
      faults.push({
        regId: f.regId,
        status: f.status ?? 200,
        code: f.code,
        reason: f.reason ?? (f.code === undefined ? 'Service Unavailable' : `Injected ${f.code}`),
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
      daily.clear();
      counters.requests = 0;
      counters.delivered = 0;
      counters.errors = {};
      counters.badRegIds = 0;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
