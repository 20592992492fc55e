/**
 * The setup the offline push config tests share, all through public APIs: an IM app with users, an iOS push app
 * whose APNs credentials are saved with the management API (a `.p8` key for dev, a universal `.p12` for product,
 * made by the test PKI and openssl), certificates added with `/api/im/apps/:sdkAppId/push-certificates`, and
 * reports sent over the chat WebSocket.
 */
import assert from 'node:assert/strict';
import { createTestPki, generateP8, makeP12 } from '@herald/emulators/pki';
import type { TestServer } from '../helpers/test-server.ts';
import { admin, createTestApp, type JsonResponse, type TestApp } from '../push-management/fixtures.ts';
import { createTestImApp, type Response, type TestImApp, type WsTestClient } from '../ws/ws-test-client.ts';

const P12_PASSWORD = 'offline-push-p12';

/** A 32-byte APNs device token as hex (the form iOS apps report). */
export function apnsHexToken(seed: number): string {
  return seed.toString(16).padStart(2, '0').repeat(32);
}

/** Uploads an APNs credential: a `.p8` key, or a `.p12` of the test PKI (`universal` lists the `.voip` topic). */
export async function uploadApns(server: TestServer, app: TestApp, environment: 'dev' | 'product', form: 'p8' | 'p12-universal' | 'p12-single'): Promise<void> {
  let body: Record<string, unknown>;
  if (form === 'p8') {
    const p8 = generateP8();
    body = { kind: 'p8', keyId: p8.keyId, teamId: 'TEAM123456', key: p8.privateKeyPem };
  } else {
    const cert = createTestPki().issueApnsClientCert({ bundleId: app.bundleId, environment: form === 'p12-universal' ? 'universal' : environment });
    body = { kind: 'p12', p12: makeP12({ keyPem: cert.keyPem, certPem: cert.certPem, password: P12_PASSWORD }).toString('base64'), password: P12_PASSWORD };
  }
  const res = await admin(server, 'PUT', `/apps/${app.accessId}/credentials/apns/${environment}`, body);
  assert.equal(res.status, 200, res.text);
}

export function addCertificate(server: TestServer, sdkAppId: number, body: Record<string, unknown>): Promise<JsonResponse> {
  return admin(server, 'POST', `/im/apps/${sdkAppId}/push-certificates`, body);
}

/** Adds a certificate that must be accepted; returns its businessID. */
export async function certificate(server: TestServer, sdkAppId: number, body: Record<string, unknown>): Promise<number> {
  const res = await addCertificate(server, sdkAppId, body);
  assert.equal(res.status, 201, res.text);
  return res.body.businessID as number;
}

export async function userPushConfig(server: TestServer, sdkAppId: number, userId: string): Promise<Array<Record<string, any>>> {
  const res = await admin(server, 'GET', `/im/apps/${sdkAppId}/users/${encodeURIComponent(userId)}/push-config`);
  assert.equal(res.status, 200, res.text);
  return res.body.devices as Array<Record<string, any>>;
}

/** The report of one device as the per-user query shows it (null when it has none). */
export async function reportOf(server: TestServer, sdkAppId: number, userId: string, deviceId: string): Promise<Record<string, any> | null> {
  const device = (await userPushConfig(server, sdkAppId, userId)).find((d) => d.deviceId === deviceId);
  assert.ok(device !== undefined, `${userId} has no device ${deviceId}`);
  return device.pushConfig as Record<string, any> | null;
}

export function report(client: WsTestClient, data: Record<string, unknown>): Promise<Response> {
  return client.request('setOfflinePushConfig', data);
}

export function expectOk(res: Response): Record<string, any> {
  assert.equal(res.code, 0, JSON.stringify(res));
  return res.data as Record<string, any>;
}

export function expectRefused(res: Response, codeName: string): void {
  assert.notEqual(res.code, 0, `expected ${codeName}, got ${JSON.stringify(res)}`);
  assert.equal(res.codeName, codeName, JSON.stringify(res));
}

export interface PushWorld {
  im: TestImApp;
  ios: TestApp;
  /** Certificates of `ios`: APNs dev (p8), APNs product (universal p12), VoIP product. */
  dev: number;
  prod: number;
  voipProd: number;
}

/** An IM app with `users`, an iOS push app with dev and product APNs credentials, and three certificates. */
/** Third-party authorization: TPNS-mode reports accept only tokens of push apps authorized to the IM app. */
export async function authorizePushApp(server: TestServer, sdkAppId: number, accessId: number): Promise<void> {
  const res = await admin(server, 'POST', `/im/apps/${sdkAppId}/push-authorizations`, { accessId });
  assert.ok(res.status === 201 || res.status === 200, res.text);
}

export async function createPushWorld(server: TestServer, users: string[]): Promise<PushWorld> {
  const im = await createTestImApp(server, { users });
  const ios = await createTestApp(server, { bundleId: 'com.herald.offline' });
  await authorizePushApp(server, im.sdkAppId, ios.accessId);
  await uploadApns(server, ios, 'dev', 'p8');
  await uploadApns(server, ios, 'product', 'p12-universal');
  const dev = await certificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'dev', name: 'APNs dev' });
  const prod = await certificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product', name: 'APNs prod' });
  const voipProd = await certificate(server, im.sdkAppId, { accessId: ios.accessId, channel: 'apns', environment: 'product', voip: true, name: 'VoIP prod' });
  return { im, ios, dev, prod, voipProd };
}
