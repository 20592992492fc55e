/**
 * A loopback vivo push server (vendor-push-protocols.md §6): `/message/auth` with vivo's md5 sign and ±10 min
 * timestamp window, `authToken` header checks, `/message/send`, `/message/saveListPayload` and
 * `/message/pushToList` with vivo's field rules and result codes, and vivo's delivery rules — operation messages
 * refused outside 07:00–23:00 Beijing time (10071), app-wide daily quotas per message class (10070 / 10073),
 * and at most five operation messages per device per day (the rest are accepted but held back, "计入管控量").
 * Virtual devices keep what they received; faults are injected on request.
 */
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { beijingDay, inVivoQuietHours } from './vivo-beijing.ts';
import { VIVO_CODES, VIVO_HTTP_ERROR_TEXT, VIVO_OK, type VivoCode } from './vivo-codes.ts';
import { checkVivoMessage, type CheckedVivoMessage } from './vivo-message-check.ts';
import { newVivoApp, rollVivoDay, type VivoApp, type VivoDevice, type VivoIssuedToken } from './vivo-state.ts';
import type { VivoEmulator, VivoEmulatorCounters, VivoEmulatorOptions, VivoFault, VivoReceivedNotification } from './types.ts';

const MAX_BODY_BYTES = 64 * 1024;
const TIMESTAMP_WINDOW_MS = 10 * 60_000;
const MAX_LIST = 1000;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string>;
}

interface ActiveFault extends VivoFault {
  remaining: number;
}

type Json = Record<string, unknown>;

function json(code: VivoCode | typeof VIVO_OK, extra: Json = {}): Reply {
  return { status: 200, body: JSON.stringify({ result: code.result, desc: code.desc, ...extra }), headers: { 'content-type': 'application/json;charset=UTF-8' } };
}

function stringOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export async function createVivoEmulator(o: VivoEmulatorOptions = {}): Promise<VivoEmulator> {
  const host = o.host ?? '127.0.0.1';
  const clock = o.clock ?? Date.now;
  const tokenLifetimeMs = o.tokenLifetimeMs ?? 86_400_000;
  const authCallsPerSecond = o.authCallsPerSecond ?? 10;
  const perDeviceCap = o.operationMessagesPerDevicePerDay ?? 5;
  const acceptUnknown = o.acceptUnknownDevices ?? false;
  const keepPayloads = o.keepPayloads ?? true;

  const apps = new Map<string, VivoApp>();
  const tokens = new Map<string, VivoIssuedToken>();
  const devices = new Map<string, VivoDevice>();
  const counters: VivoEmulatorCounters = { requests: 0, auths: 0, delivered: 0, controlled: 0, results: {}, paths: {} };
  let faults: ActiveFault[] = [];
  let latencyMs = 0;
  // vivo's task ids are decimal strings ("121397329").
  let taskSeq = 121_397_000;

  function count(key: string | number): void {
    counters.results[key] = (counters.results[key] ?? 0) + 1;
  }

  function answer(code: VivoCode, extra: Json = {}): Reply {
    count(code.result);
    return json(code, extra);
  }

  // ---- auth ------------------------------------------------------------------------------------------------

  function auth(body: Json): Reply {
    counters.auths++;
    const appId = stringOf(body['appId']);
    const appKey = stringOf(body['appKey']);
    const timestamp = stringOf(body['timestamp']);
    const sign = stringOf(body['sign']);
    if (appId === undefined || appId === '') return answer(VIVO_CODES.appIdEmpty);
    if (appKey === undefined || appKey === '') return answer(VIVO_CODES.appKeyEmpty);
    if (timestamp === undefined || timestamp === '') return answer(VIVO_CODES.timestampEmpty);
    if (sign === undefined || sign === '') return answer(VIVO_CODES.signEmpty);
    const app = apps.get(appId);
    if (app === undefined) return answer(VIVO_CODES.appIdNotFound);
    if (app.reg.appKey !== appKey) return answer(VIVO_CODES.appKeyInvalid);
    const now = clock();
    if (!/^\d{13}$/.test(timestamp) || Math.abs(Number(timestamp) - now) > TIMESTAMP_WINDOW_MS) return answer(VIVO_CODES.timestampInvalid);
    // vivo: md5 of the trimmed values concatenated, "字母小写".
    const expected = createHash('md5').update(appId + appKey + timestamp + app.reg.appSecret, 'utf8').digest('hex');
    if (sign !== expected) return answer(VIVO_CODES.signInvalid);
    if (now - app.authWindowStart >= 1000) {
      app.authWindowStart = now;
      app.authCalls = 0;
    }
    if (++app.authCalls > authCallsPerSecond) return answer(VIVO_CODES.authRateExceeded);
    const token = randomBytes(20).toString('hex');
    tokens.set(token, { appId, expiresAt: now + tokenLifetimeMs });
    return json(VIVO_OK, { authToken: token });
  }

  /** The app an authToken was issued to, or undefined when vivo would say 10000. */
  function appOfToken(headerValue: string | string[] | undefined): VivoApp | undefined {
    const token = typeof headerValue === 'string' ? headerValue : undefined;
    const issued = token === undefined ? undefined : tokens.get(token);
    if (issued === undefined) return undefined;
    if (clock() >= issued.expiresAt) {
      tokens.delete(token!);
      return undefined;
    }
    return apps.get(issued.appId);
  }

  // ---- delivery --------------------------------------------------------------------------------------------

  /** `invalidUser.status` for a regId, or 0 when the device takes pushes of this mode. */
  function invalidStatus(app: VivoApp, regId: string, pushMode: number): number {
    const d = devices.get(regId);
    if (d === undefined) return acceptUnknown && pushMode === 0 ? 0 : 1;
    if (d.appId !== undefined && d.appId !== app.reg.appId) return 1;
    if (d.deadStatus !== undefined) return d.deadStatus;
    if (pushMode === 1 && !d.testDevice) return 4;
    return 0;
  }

  function deviceFor(app: VivoApp, regId: string): VivoDevice {
    let d = devices.get(regId);
    if (d === undefined) {
      d = { appId: app.reg.appId, testDevice: false, deadStatus: undefined, inbox: [], capDay: '', operationReceived: 0 };
      devices.set(regId, d);
    }
    return d;
  }

  /** Quiet hours and the app's daily quota for `targets` messages of this class; undefined when allowed. */
  function admit(app: VivoApp, m: CheckedVivoMessage, targets: number): VivoCode | undefined {
    const now = clock();
    rollVivoDay(app, beijingDay(now));
    if (m.classification === 0) {
      if (inVivoQuietHours(now)) return VIVO_CODES.outsidePushHours;
      if (app.operationSent + targets > (app.reg.dailyOperationQuota ?? 10_000)) return VIVO_CODES.operationQuota;
      app.operationSent += targets;
    } else {
      if (app.systemSent + targets > (app.reg.dailySystemQuota ?? 10_000)) return VIVO_CODES.systemQuota;
      app.systemSent += targets;
    }
    return undefined;
  }

  function deliver(app: VivoApp, regId: string, m: CheckedVivoMessage, body: Json, via: VivoReceivedNotification['via'], taskId: string, requestId: string, pushMode: number): void {
    const d = deviceFor(app, regId);
    if (m.classification === 0) {
      const day = beijingDay(clock());
      if (d.capDay !== day) {
        d.capDay = day;
        d.operationReceived = 0;
      }
      if (d.operationReceived >= perDeviceCap) {
        counters.controlled++;
        return;
      }
      d.operationReceived++;
    }
    counters.delivered++;
    if (!keepPayloads) return;
    const kept: Json = { ...body };
    delete kept['regId'];
    delete kept['regIds'];
    d.inbox.push({
      taskId,
      requestId,
      via,
      title: m.title,
      content: m.content,
      notifyType: m.notifyType,
      skipType: m.skipType,
      skipContent: m.skipContent,
      timeToLive: m.timeToLive,
      classification: m.classification,
      category: m.category,
      clientCustomMap: m.clientCustomMap,
      pushMode,
      body: kept,
      receivedAt: clock(),
    });
  }

  function pushModeOf(body: Json): number | undefined {
    const v = body['pushMode'];
    if (v === undefined || v === null) return 0;
    const n = typeof v === 'string' && /^\d$/.test(v) ? Number(v) : v;
    return n === 0 || n === 1 ? n : undefined;
  }

  /** vivo added `appId` to every send body: when present it must be the token's app. */
  function appIdMismatch(app: VivoApp, body: Json): boolean {
    const sent = stringOf(body['appId']);
    return sent !== undefined && sent !== '' && sent !== app.reg.appId;
  }

  function send(app: VivoApp, body: Json): Reply {
    if (appIdMismatch(app, body)) return answer(VIVO_CODES.appIdMismatch);
    const regId = stringOf(body['regId']);
    const alias = stringOf(body['alias']);
    if ((regId === undefined || regId === '') && (alias === undefined || alias === '')) return answer(VIVO_CODES.targetMissing);
    const m = checkVivoMessage(body);
    if ('result' in m) return answer(m);
    const pushMode = pushModeOf(body);
    if (pushMode === undefined) return answer(VIVO_CODES.pushModeInvalid);
    // Herald registers regIds; an alias nobody bound is "userId不存在" (status 1).
    const target = regId !== undefined && regId !== '' ? regId : `alias:${alias}`;
    const status = invalidStatus(app, target, pushMode);
    if (status !== 0) return answer(VIVO_CODES.regIdInvalid, { invalidUser: { status, userid: regId ?? alias } });
    const refused = admit(app, m, 1);
    if (refused !== undefined) return answer(refused);
    const taskId = String(++taskSeq);
    deliver(app, target, m, body, 'send', taskId, m.requestId, pushMode);
    return json(VIVO_OK, { taskId });
  }

  function saveListPayload(app: VivoApp, body: Json): Reply {
    if (appIdMismatch(app, body)) return answer(VIVO_CODES.appIdMismatch);
    const m = checkVivoMessage(body);
    if ('result' in m) return answer(m);
    rollVivoDay(app, beijingDay(clock()));
    const quota = app.reg.dailyListPayloadQuota;
    if (quota !== undefined && app.listPayloads >= quota) return answer(VIVO_CODES.listPayloadQuota);
    app.listPayloads++;
    const taskId = String(++taskSeq);
    app.payloads.set(taskId, { message: m, body });
    return json(VIVO_OK, { taskId });
  }

  function pushToList(app: VivoApp, body: Json): Reply {
    if (appIdMismatch(app, body)) return answer(VIVO_CODES.appIdMismatch);
    const regIds = body['regIds'];
    if (!Array.isArray(regIds) || regIds.length < 2 || regIds.length > MAX_LIST || !regIds.every((r) => typeof r === 'string' && r !== '')) {
      return answer(VIVO_CODES.regIdsCountInvalid);
    }
    const taskId = stringOf(body['taskId']);
    const saved = taskId === undefined ? undefined : app.payloads.get(taskId);
    if (saved === undefined) return answer(VIVO_CODES.taskIdInvalid);
    const requestId = body['requestId'];
    if (typeof requestId !== 'string' || requestId === '' || requestId.length > 64) return answer(VIVO_CODES.requestIdInvalid);
    const pushMode = pushModeOf(body);
    if (pushMode === undefined) return answer(VIVO_CODES.pushModeInvalid);

    const unique = [...new Set(regIds as string[])];
    const invalidUsers: Array<{ status: number; userid: string }> = [];
    const valid: string[] = [];
    for (const regId of unique) {
      const status = invalidStatus(app, regId, pushMode);
      if (status === 0) valid.push(regId);
      else invalidUsers.push({ status, userid: regId });
    }
    const refused = admit(app, saved.message, valid.length);
    if (refused !== undefined) return answer(refused);
    for (const regId of valid) deliver(app, regId, saved.message, saved.body, 'pushToList', taskId!, requestId, pushMode);
    return json(VIVO_OK, { requestId, taskId, invalidUsers });
  }

  // ---- faults and routing ----------------------------------------------------------------------------------

  function takeFault(path: string, body: Json): ActiveFault | undefined {
    for (let i = 0; i < faults.length; i++) {
      const f = faults[i]!;
      if (f.path !== undefined && f.path !== path) continue;
      if (f.regId !== undefined) {
        const single = stringOf(body['regId']);
        const list = Array.isArray(body['regIds']) ? (body['regIds'] as unknown[]) : [];
        if (single !== f.regId && !list.includes(f.regId)) continue;
      }
      if (--f.remaining <= 0) faults.splice(i, 1);
      return f;
    }
    return undefined;
  }

  function faultReply(f: ActiveFault): Reply {
    let reply: Reply;
    if (f.httpStatus !== undefined) {
      count(`HTTP${f.httpStatus}`);
      reply = { status: f.httpStatus, body: VIVO_HTTP_ERROR_TEXT, headers: { 'content-type': 'text/plain;charset=UTF-8' } };
    } else {
      reply = answer({ result: f.result ?? VIVO_CODES.authFailed.result, desc: f.desc ?? 'fault' });
    }
    if (f.retryAfterSeconds !== undefined) reply.headers['retry-after'] = String(f.retryAfterSeconds);
    return reply;
  }

  function route(path: string, headers: http.IncomingHttpHeaders, body: Json): Reply {
    const fault = faults.length > 0 ? takeFault(path, body) : undefined;
    if (fault !== undefined) return faultReply(fault);
    if (path === '/message/auth') return auth(body);
    const app = appOfToken(headers['authtoken']);
    if (app === undefined) return answer(VIVO_CODES.authFailed);
    switch (path) {
      case '/message/send':
        return send(app, body);
      case '/message/saveListPayload':
        return saveListPayload(app, body);
      default:
        return pushToList(app, body);
    }
  }

  const ROUTES = new Set(['/message/auth', '/message/send', '/message/saveListPayload', '/message/pushToList']);

  function write(res: http.ServerResponse, reply: Reply): void {
    const go = () => {
      if (res.destroyed) return;
      res.writeHead(reply.status, reply.headers);
      res.end(reply.body);
    };
    if (latencyMs > 0) setTimeout(go, latencyMs);
    else go();
  }

  const server = http.createServer((req, res) => {
    counters.requests++;
    const path = (req.url ?? '').split('?')[0]!;
    counters.paths[path] = (counters.paths[path] ?? 0) + 1;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => {
      if (!ROUTES.has(path)) return write(res, { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } });
      if (req.method !== 'POST') return write(res, { status: 405, body: 'Method Not Allowed', headers: { 'content-type': 'text/plain' } });
      if (size > MAX_BODY_BYTES) return write(res, { status: 413, body: 'Request Entity Too Large', headers: { 'content-type': 'text/plain' } });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = undefined;
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        count('HTTP400');
        return write(res, { status: 400, body: 'Bad Request', headers: { 'content-type': 'text/plain' } });
      }
      write(res, route(path, req.headers, body as Json));
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
      else apps.set(app.appId, newVivoApp({ ...app }));
    },
    registerDevice(d) {
      devices.set(d.regId, { appId: d.appId, testDevice: d.testDevice ?? false, deadStatus: undefined, inbox: [], capDay: '', operationReceived: 0 });
    },
    unregisterDevice(regId, status = 2) {
      const d = devices.get(regId);
      if (d !== undefined) d.deadStatus = status;
      else devices.set(regId, { appId: undefined, testDevice: false, deadStatus: status, inbox: [], capDay: '', operationReceived: 0 });
    },
    inbox(regId) {
      return devices.get(regId)?.inbox.slice() ?? [];
    },
    revokeTokens(appId) {
      for (const [token, t] of tokens) if (appId === undefined || t.appId === appId) tokens.delete(token);
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
      tokens.clear();
      for (const app of apps.values()) {
        app.day = '';
        app.payloads.clear();
        app.authCalls = 0;
      }
      counters.requests = 0;
      counters.auths = 0;
      counters.delivered = 0;
      counters.controlled = 0;
      counters.results = {};
      counters.paths = {};
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
