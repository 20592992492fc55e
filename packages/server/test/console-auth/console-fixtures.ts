/**
 * Console sign-in from a test, as the browser does it: the setup token from the data dir, sign-in that keeps the
 * session cookie and CSRF token, and calls that send them with the server's own Origin.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../../src/context.ts';
import type { TestServer } from '../helpers/test-server.ts';

export const PASSWORD = 'correct horse battery staple';

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface Call {
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(server: TestServer, method: string, path: string, o: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(o.body === undefined ? {} : { 'content-type': 'application/json' }), ...o.headers };
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(o.body === undefined ? {} : { body: JSON.stringify(o.body) }) });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text, headers: response.headers };
}

export function readSetupToken(server: TestServer): string {
  return readFileSync(join(server.ctx.config.dataDir, 'console-setup.token'), 'utf8').trim();
}

/** The browser's headers for a same-origin fetch from the console page. */
export const sameOrigin = (server: TestServer): Record<string, string> => ({ origin: server.url });

export async function setupFirstAdmin(server: TestServer, username = 'root', password = PASSWORD): Promise<void> {
  const res = await call(server, 'POST', '/console/api/setup', { body: { setupToken: readSetupToken(server), username, password }, headers: sameOrigin(server) });
  assert.equal(res.status, 201, res.text);
}

/** A signed-in console: its cookie, CSRF token, and headers for reads and for changes. */
export interface Session {
  username: string;
  role: string;
  id: string;
  cookie: string;
  csrfToken: string;
  /** Cookie only (reads). */
  read: Record<string, string>;
  /** Cookie, CSRF token and the server's Origin (changes). */
  write: Record<string, string>;
}

export async function signIn(server: TestServer, username: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<Session> {
  const res = await call(server, 'POST', '/console/api/session', { body: { username, password }, headers: { ...sameOrigin(server), ...headers } });
  assert.equal(res.status, 200, res.text);
  const id = /^herald_console=([^;]+);/.exec(res.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(id !== undefined, `a session cookie: ${res.headers.get('set-cookie')}`);
  const cookie = `herald_console=${id}`;
  const csrfToken = String(res.body.csrfToken);
  return {
    username, role: String(res.body.role), id, cookie, csrfToken,
    read: { cookie }, write: { cookie, 'x-csrf-token': csrfToken, ...sameOrigin(server) },
  };
}

/** Adds an account with the admin bearer token. */
export async function addAccount(server: TestServer, username: string, role: 'admin' | 'viewer', password = PASSWORD): Promise<void> {
  const res = await call(server, 'POST', '/api/console/admins', { body: { username, password, role }, headers: server.admin });
  assert.equal(res.status, 201, res.text);
}

export function expectCode(res: Answer, status: number, code: string): void {
  assert.equal(res.status, status, res.text);
  assert.equal(res.body?.code, code, res.text);
}

/** A clock that stands still until the test moves it, so windows and expiries are exact to the millisecond. */
export type StillClock = Clock & { t: number; advance(ms: number): void };

export function createStillClock(): StillClock {
  return { t: Date.now(), now() { return this.t; }, advance(ms) { this.t += ms; } };
}
