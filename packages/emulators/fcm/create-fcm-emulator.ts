/**
 * A loopback FCM: the HTTP v1 send endpoint and Google's OAuth token endpoint on one HTTP(S) listener
 * (vendor-push-protocols.md §2.7). Checks run in the order Google's stack runs them: bearer token (401), scope and
 * project permission (403), proto-JSON parse (400 BadRequest), FCM's message rules (400), injected faults, then the
 * target device (invalid / UNREGISTERED / SENDER_ID_MISMATCH). Accepted messages land in per-device inboxes.
 */
import http from 'node:http';
import https from 'node:https';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { checkSendRequest } from './check-send-request.ts';
import { createFcmDeviceRegistry } from './device-registry.ts';
import {
  faultReply,
  insufficientScopes,
  invalidArgument,
  invalidCredential,
  invalidRegistrationToken,
  missingCredential,
  notFound,
  parseErrors,
  permissionDenied,
  googleError,
  type FcmFaultCode,
  type GoogleReply,
} from './google-errors.ts';
import { createTokenEndpoint } from './oauth-token-endpoint.ts';
import type { FcmEmulator, FcmEmulatorCounters, FcmEmulatorOptions, ReceivedFcmMessage } from './types.ts';

const SEND_PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;
const TOKEN_PATH = '/token';
/** Scopes that allow sending (projects.messages.send reference, ✅). */
const SEND_SCOPES = ['https://www.googleapis.com/auth/firebase.messaging', 'https://www.googleapis.com/auth/cloud-platform'];
const MAX_BODY = 1024 * 1024;
const OAUTH_JSON = 'application/json; charset=utf-8';

interface ActiveFault {
  token: string | undefined;
  error: FcmFaultCode;
  remaining: number;
  retryAfter: string | undefined;
}

interface ActiveTokenFault {
  reply: GoogleReply;
  remaining: number;
}

function isJson(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The FcmError code of an error body, else its google.rpc status. */
function rejectionKey(reply: GoogleReply): string {
  try {
    const error = (JSON.parse(reply.body) as { error?: { status?: string; details?: Array<{ errorCode?: string }> } }).error;
    return error?.details?.find((d) => typeof d.errorCode === 'string')?.errorCode ?? error?.status ?? `HTTP${reply.status}`;
  } catch {
    return `HTTP${reply.status}`;
  }
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function createFcmEmulator(o: FcmEmulatorOptions = {}): Promise<FcmEmulator> {
  const host = o.host ?? '127.0.0.1';
  const clock = o.clock ?? Date.now;
  const keepMessages = o.keepMessages ?? true;
  const acceptUnknownDevices = o.acceptUnknownDevices ?? false;
  const devices = createFcmDeviceRegistry();
  const counters: FcmEmulatorCounters = {
    sendRequests: 0,
    accepted: 0,
    validateOnly: 0,
    tokenRequests: 0,
    tokensIssued: 0,
    connections: 0,
    maxConcurrent: 0,
    rejected: {},
  };
  let origin = '';
  const tokenEndpoint = createTokenEndpoint({ clock, ownUrl: () => origin + TOKEN_PATH, lifetimeSeconds: o.accessTokenLifetimeSeconds ?? 3599 });
  let faults: ActiveFault[] = [];
  let tokenFaults: ActiveTokenFault[] = [];
  let acceptedLog: ReceivedFcmMessage[] = [];
  let latencyMs = 0;
  let concurrent = 0;
  let sequence = 0;

  function reject(reply: GoogleReply): GoogleReply {
    const key = rejectionKey(reply);
    counters.rejected[key] = (counters.rejected[key] ?? 0) + 1;
    return reply;
  }

  function ok(name: string): GoogleReply {
    return { status: 200, body: JSON.stringify({ name }), contentType: 'application/json; charset=UTF-8' };
  }

  function takeFault(token: string | undefined): ActiveFault | undefined {
    const i = faults.findIndex((f) => f.token === undefined || f.token === token);
    const f = faults[i];
    if (f === undefined) return undefined;
    if (--f.remaining <= 0) faults.splice(i, 1);
    return f;
  }

  function messageId(): string {
    // Real ids look like "0:1500415314455276%31bd1c9631bd1c96" (🔎).
    sequence++;
    return `0:${clock() * 1000 + (sequence % 1000)}%${randomBytes(8).toString('hex')}`;
  }

  function send(req: http.IncomingMessage, projectId: string, text: string | undefined): GoogleReply {
    counters.sendRequests++;
    if (req.method !== 'POST') return reject(notFound(req.url ?? ''));
    const authorization = req.headers['authorization'];
    if (authorization === undefined || authorization === '') return reject(missingCredential());
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization);
    const issued = bearer?.[1] === undefined ? undefined : tokenEndpoint.lookup(bearer[1]);
    if (issued === undefined) return reject(invalidCredential());
    if (!issued.scopes.some((s) => SEND_SCOPES.includes(s))) return reject(insufficientScopes());
    if (issued.projectId !== projectId) return reject(permissionDenied(projectId));
    if (text === undefined) return reject(googleError(413, 'INVALID_ARGUMENT', 'Request payload size exceeds the limit: 1048576 bytes.'));

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      // ⚠️ wording of ESF's syntax errors.
      return reject(parseErrors([{ field: '', description: `Invalid JSON payload received. ${e instanceof Error ? e.message : 'Unexpected token.'}` }]));
    }
    const checked = checkSendRequest(body);
    if ('status' in checked) return reject(checked);
    const { target, message } = checked;

    const fault = faults.length > 0 ? takeFault(target.kind === 'token' ? target.value : undefined) : undefined;
    if (fault !== undefined) {
      const reply = faultReply(fault.error, projectId);
      return reject(fault.retryAfter === undefined ? reply : { ...reply, headers: { 'retry-after': fault.retryAfter } });
    }

    let device = target.kind === 'token' ? devices.get(target.value) : undefined;
    if (target.kind === 'token') {
      if (device === undefined) {
        if (!acceptUnknownDevices) return reject(invalidRegistrationToken());
        device = devices.register({ projectId, token: target.value });
      }
      if (device.unregisteredAt !== undefined) return reject(faultReply('UNREGISTERED', projectId));
      if (device.projectId !== projectId) return reject(faultReply('SENDER_ID_MISMATCH', projectId));
      const android = isJson(message['android']) ? message['android'] : undefined;
      const restricted = android?.['restricted_package_name'];
      if (typeof restricted === 'string' && device.packageName !== undefined && restricted !== device.packageName) {
        return reject(invalidArgument('message.android.restricted_package_name', 'Invalid package name'));
      }
    }

    if (checked.validateOnly) {
      counters.validateOnly++;
      return ok(`projects/${projectId}/messages/fake_message_id`);
    }
    counters.accepted++;
    const id = messageId();
    const name = `projects/${projectId}/messages/${id}`;
    if (keepMessages) {
      const record = (via: 'token' | 'topic'): ReceivedFcmMessage => ({
        name,
        messageId: id,
        projectId,
        message,
        raw: isJson(body) ? body['message'] : undefined,
        receivedAt: clock(),
        via,
      });
      acceptedLog.push(record(target.kind === 'token' ? 'token' : 'topic'));
      if (device !== undefined) device.inbox.push(record('token'));
      if (target.kind === 'topic') for (const d of devices.subscribers(projectId, target.value)) d.inbox.push(record('topic'));
    }
    return ok(name);
  }

  function token(req: http.IncomingMessage, text: string | undefined): GoogleReply {
    counters.tokenRequests++;
    const json = (status: number, body: unknown): GoogleReply => ({ status, body: JSON.stringify(body), contentType: OAUTH_JSON });
    if (req.method !== 'POST') return json(405, { error: 'invalid_request', error_description: 'Token requests must use POST' });
    const fault = tokenFaults[0];
    if (fault !== undefined) {
      if (--fault.remaining <= 0) tokenFaults.shift();
      return fault.reply;
    }
    const answer = tokenEndpoint.exchange(text ?? '');
    if (answer.status === 200) counters.tokensIssued++;
    return json(answer.status, answer.body);
  }

  async function onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    const match = SEND_PATH.exec(path);
    if (match !== null) {
      concurrent++;
      if (concurrent > counters.maxConcurrent) counters.maxConcurrent = concurrent;
    }
    try {
      const text = await readBody(req);
      let reply: GoogleReply;
      if (match !== null) reply = send(req, decodeURIComponent(match[1] ?? ''), text);
      else if (path === TOKEN_PATH) reply = token(req, text);
      else reply = notFound(path);
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (!res.destroyed) {
        res.writeHead(reply.status, { 'content-type': reply.contentType, ...(reply.headers ?? {}) });
        res.end(reply.body);
      }
    } finally {
      if (match !== null) concurrent--;
    }
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  let server: http.Server;
  if (o.pki !== undefined) {
    const cert = o.pki.issueServerCert(['localhost', '127.0.0.1', host]);
    server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, handler);
  } else {
    server = http.createServer(handler);
  }
  server.on('connection', () => {
    counters.connections++;
  });
  server.listen(0, host);
  await once(server, 'listening');
  origin = `${o.pki !== undefined ? 'https' : 'http'}://${host}:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    tokenUrl: origin + TOKEN_PATH,
    caCertPem: o.pki?.caCertPem,
    counters,
    registerServiceAccount(r) {
      tokenEndpoint.register(r);
    },
    unregisterServiceAccount(clientEmail) {
      tokenEndpoint.unregister(clientEmail);
    },
    revokeAccessTokens() {
      tokenEndpoint.revokeAll();
    },
    registerDevice(d) {
      return devices.register(d).token;
    },
    unregisterDevice(t, atMs) {
      devices.unregister(t, atMs ?? clock());
    },
    subscribe(t, topic) {
      const device = devices.get(t);
      if (device === undefined) throw new TypeError(`No virtual device has token ${t}`);
      device.topics.add(topic);
    },
    inbox(t) {
      return devices.get(t)?.inbox.slice() ?? [];
    },
    accepted() {
      return acceptedLog.slice();
    },
    injectFault(f) {
      faults.push({
        token: f.token,
        error: f.error,
        remaining: f.times ?? Number.POSITIVE_INFINITY,
        retryAfter: f.retryAfterSeconds === undefined ? undefined : String(f.retryAfterSeconds),
      });
    },
    injectTokenEndpointFault(f) {
      const body =
        f.error !== undefined
          ? JSON.stringify({ error: f.error, error_description: f.description ?? '' })
          : JSON.stringify({ error: 'internal_failure', error_description: 'Backend Error' });
      tokenFaults.push({
        reply: {
          status: f.status,
          body,
          contentType: OAUTH_JSON,
          ...(f.retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(f.retryAfterSeconds) } } : {}),
        },
        remaining: f.times ?? Number.POSITIVE_INFINITY,
      });
    },
    clearFaults() {
      faults = [];
      tokenFaults = [];
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    reset() {
      faults = [];
      tokenFaults = [];
      acceptedLog = [];
      latencyMs = 0;
      devices.clear();
      tokenEndpoint.clearTokens();
      Object.assign(counters, {
        sendRequests: 0,
        accepted: 0,
        validateOnly: 0,
        tokenRequests: 0,
        tokensIssued: 0,
        connections: 0,
        maxConcurrent: 0,
        rejected: {},
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
