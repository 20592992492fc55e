/**
 * How the demo talks to Herald: only its public HTTP APIs, as a newcomer's backend would. The management API
 * with the admin bearer token, the TPNS API (`/v3`) with an app's AccessID and SecretKey, and the Tencent IM
 * REST API (`/v4`) as the IM app's administrator. The devices use the SDKs instead (phones.ts).
 */
import { randomInt } from 'node:crypto';
import { DemoFailure } from './demo-failure.ts';

export interface JsonReply {
  status: number;
  body: Record<string, any>;
  text: string;
}

export interface PushAppKeys {
  accessId: number;
  secretKey: string;
}

export interface HeraldHttp {
  readonly url: string;
  /** `/api<path>` with `Authorization: Bearer <admin token>`. */
  admin(method: string, path: string, body?: unknown): Promise<JsonReply>;
  /** `POST /v3<path>` with TPNS Basic auth. */
  tpns(app: PushAppKeys, path: string, body: unknown): Promise<JsonReply>;
  /** `POST /v4/<service>/<command>` as `identifier`, with that admin's UserSig. */
  imRest(sdkAppId: number, identifier: string, userSig: string, command: string, body: unknown): Promise<JsonReply>;
}

async function requestJson(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<JsonReply> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: Record<string, any> = {};
  try {
    parsed = text === '' ? {} : (JSON.parse(text) as Record<string, any>);
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text };
}

export function createHeraldHttp(url: string, adminToken: string): HeraldHttp {
  return {
    url,
    admin: (method, path, body) => requestJson(`${url}/api${path}`, method, { authorization: `Bearer ${adminToken}` }, body),
    tpns: (app, path, body) =>
      requestJson(`${url}/v3${path}`, 'POST', { authorization: `Basic ${Buffer.from(`${app.accessId}:${app.secretKey}`).toString('base64')}` }, body),
    imRest(sdkAppId, identifier, userSig, command, body) {
      const query = new URLSearchParams({ sdkappid: String(sdkAppId), identifier, usersig: userSig, random: String(randomInt(0, 2 ** 32)), contenttype: 'json' });
      return requestJson(`${url}/v4/${command}?${query}`, 'POST', {}, body);
    },
  };
}

/** The reply, if its HTTP status is one of `statuses`; otherwise the step fails with what Herald said. */
export function answered(reply: JsonReply, what: string, statuses: readonly number[] = [200, 201]): Record<string, any> {
  if (!statuses.includes(reply.status)) throw new DemoFailure(`${what}: HTTP ${reply.status} ${reply.text}`);
  return reply.body;
}

/** A TPNS reply (`ret_code` or `retCode` 0). */
export function tpnsAnswered(reply: JsonReply, what: string): Record<string, any> {
  const code = reply.body['ret_code'] ?? reply.body['retCode'];
  if (reply.status !== 200 || code !== 0) throw new DemoFailure(`${what}: HTTP ${reply.status} ${reply.text}`);
  return reply.body;
}

/** A `/v4` reply (`ActionStatus` OK). */
export function imAnswered(reply: JsonReply, what: string): Record<string, any> {
  if (reply.body['ActionStatus'] !== 'OK') throw new DemoFailure(`${what}: ${reply.text}`);
  return reply.body;
}
