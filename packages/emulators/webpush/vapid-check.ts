/**
 * The push service's VAPID checks (RFC 8292, draft source text read in the corpus): `Authorization: vapid
 * t=<JWT>, k=<key>`; the JWT is ES256 and verifies with `k`; `aud` is the origin of the push resource; `exp` is
 * in the future and no more than 24 hours away; a restricted subscription takes only its own key (§4.2: "MUST
 * reject a message that omits mandatory credentials with a 401", "MAY reject … invalid credentials with a
 * 403"). Apple also requires `sub` to be a real mailto:/https: contact (optional here, on by default).
 * The signature check is cached per header value: application servers reuse one token for hours (RFC 8292 §5
 * encourages it), so a benchmark does not pay for ECDSA on every request.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { answer, VAPID_TEXT, type ErrorAnswer } from './error-bodies.ts';
import type { VapidClaimsSeen } from './types.ts';

export type VapidVerdict = { ok: true; claims: VapidClaimsSeen } | { ok: false; answer: ErrorAnswer };

interface Verified {
  k: string;
  aud: unknown;
  exp: unknown;
  sub: unknown;
}

export interface VapidCheckContext {
  origin: string;
  nowMs: number;
  /** The subscription's applicationServerKey (base64url), when it is restricted. */
  restrictedKey: string | undefined;
  strictSubject: boolean;
  cache: Map<string, Verified | ErrorAnswer>;
}

const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const CACHE_LIMIT = 256;

function forbidden(text: string): ErrorAnswer {
  return answer(403, 109, text);
}

function parseParams(rest: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    params.set(part.slice(0, eq).trim().toLowerCase(), value);
  }
  return params;
}

function publicKeyOf(k: string): KeyObject | ErrorAnswer {
  if (!B64URL.test(k)) return forbidden(VAPID_TEXT.keyEncoding);
  const raw = Buffer.from(k, 'base64url');
  if (raw.length !== 65) return forbidden(VAPID_TEXT.keyLength);
  if (raw[0] !== 0x04) return forbidden(VAPID_TEXT.keyFormat);
  try {
    return createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return forbidden(VAPID_TEXT.keyCurve);
  }
}

function verifyToken(header: string): Verified | ErrorAnswer {
  const m = /^vapid\s+(.+)$/i.exec(header.trim());
  if (m === null) return answer(401, 109, VAPID_TEXT.badFormat);
  const params = parseParams(m[1]!);
  const t = params.get('t');
  const k = params.get('k');
  if (k === undefined || k === '') return forbidden(VAPID_TEXT.noKey);
  if (t === undefined || t === '') return forbidden(VAPID_TEXT.badFormat);
  const key = publicKeyOf(k);
  if ('status' in key) return key;
  const parts = t.split('.');
  if (parts.length !== 3 || parts.some((p) => !B64URL.test(p))) return forbidden(VAPID_TEXT.jwt);
  let head: Record<string, unknown>;
  let claims: Record<string, unknown>;
  try {
    head = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return forbidden(VAPID_TEXT.jwt);
  }
  if (head === null || typeof head !== 'object' || head['alg'] !== 'ES256') return forbidden(VAPID_TEXT.jwt);
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) return forbidden(VAPID_TEXT.jwt);
  const signature = Buffer.from(parts[2]!, 'base64url');
  // ES256 in JWS is R‖S, 64 bytes (RFC 7518 §3.4), never DER.
  if (signature.length !== 64) return forbidden(VAPID_TEXT.jwt);
  const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (!ok) return forbidden(VAPID_TEXT.jwt);
  return { k: Buffer.from(k, 'base64url').toString('base64url'), aud: claims['aud'], exp: claims['exp'], sub: claims['sub'] };
}

function subjectOk(sub: unknown): boolean {
  if (typeof sub !== 'string') return false;
  let url: URL;
  try {
    url = new URL(sub);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') {
    const at = url.pathname.lastIndexOf('@');
    const domain = at < 0 ? '' : url.pathname.slice(at + 1).toLowerCase();
    return at > 0 && domain !== '' && domain !== 'localhost' && !domain.endsWith('.localhost');
  }
  return url.protocol === 'https:' && url.hostname !== 'localhost' && !url.hostname.endsWith('.localhost');
}

/** Checks a request's Authorization header; `undefined` header on an unrestricted subscription is fine. */
export function checkVapid(header: string | undefined, c: VapidCheckContext): VapidVerdict | undefined {
  if (header === undefined || header.trim() === '') {
    return c.restrictedKey === undefined ? undefined : { ok: false, answer: answer(401, 109, VAPID_TEXT.missing) };
  }
  let verified = c.cache.get(header);
  if (verified === undefined) {
    verified = verifyToken(header);
    if (c.cache.size >= CACHE_LIMIT) c.cache.clear();
    c.cache.set(header, verified);
  }
  if ('status' in verified) return { ok: false, answer: verified };
  if (typeof verified.aud !== 'string' || verified.aud !== c.origin) return { ok: false, answer: forbidden(VAPID_TEXT.aud) };
  if (verified.exp === undefined) return { ok: false, answer: forbidden(VAPID_TEXT.expMissing) };
  if (typeof verified.exp !== 'number' || !Number.isFinite(verified.exp)) return { ok: false, answer: forbidden(VAPID_TEXT.jwt) };
  if (verified.exp * 1000 <= c.nowMs) return { ok: false, answer: forbidden(VAPID_TEXT.expired) };
  if (verified.exp * 1000 - c.nowMs > 86_400_000) return { ok: false, answer: forbidden(VAPID_TEXT.expTooLong) };
  if (c.strictSubject && !subjectOk(verified.sub)) return { ok: false, answer: forbidden(VAPID_TEXT.sub) };
  if (c.restrictedKey !== undefined && verified.k !== c.restrictedKey) return { ok: false, answer: forbidden(VAPID_TEXT.keyMismatch) };
  return { ok: true, claims: { k: verified.k, aud: verified.aud, exp: verified.exp, sub: typeof verified.sub === 'string' ? verified.sub : undefined } };
}
