/**
 * Console passwords, hashed with scrypt (node:crypto) and a per-account random salt. The stored form carries its
 * parameters, `$scrypt$ln=15,r=8,p=3$<salt>$<key>` (base64, no padding), so they can be raised later: a hash made
 * with weaker ones still verifies, and `needsRehash` tells the sign-in to store a new one.
 *
 * ln=15 (N=32768), r=8, p=3 is one of OWASP's equivalent minimum scrypt settings; it keeps each hash at 32 MiB,
 * so the few hashes the thread pool runs at once stay small.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const CURRENT_PARAMS: ScryptParams = { ln: 15, r: 8, p: 3 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
const FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, params: ScryptParams, keyBytes: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, { N, r: params.r, p: params.p, maxmem: 256 * N * params.r }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const b64 = (b: Buffer): string => b.toString('base64').replace(/=+$/, '');

function format(params: ScryptParams, salt: Buffer, key: Buffer): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): ParsedHash | undefined {
  const m = FORMAT.exec(stored);
  if (m === null) return undefined;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  // Bounds keep a tampered row from asking for gigabytes.
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return undefined;
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') };
}

async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  return format(params, salt, await derive(password, salt, params, KEY_BYTES));
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (parsed === undefined) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/** Console password hashing with one set of scrypt parameters (today's, unless a test asks for cheaper ones). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when the hash was made with other parameters than this hasher's (a successful sign-in then rehashes). */
  needsRehash(stored: string): boolean;
  /**
   * A hash no password matches, made with this hasher's parameters: a sign-in for an unknown username verifies
   * against it, so it costs the same time as a wrong password for a real account.
   */
  readonly unmatchable: string;
}

export function createPasswordHasher(params: ScryptParams = CURRENT_PARAMS): PasswordHasher {
  const unmatchable = format(params, randomBytes(SALT_BYTES), randomBytes(KEY_BYTES));
  // Hashes made with parameters parse() refuses would never verify.
  if (parse(unmatchable) === undefined) throw new Error(`scrypt parameters out of bounds: ${JSON.stringify(params)}`);
  return {
    hash: (password) => hashPassword(password, params),
    verify: verifyPassword,
    needsRehash(stored) {
      const parsed = parse(stored);
      return parsed === undefined || parsed.params.ln !== params.ln || parsed.params.r !== params.r || parsed.params.p !== params.p;
    },
    unmatchable,
  };
}
