/**
 * On the embedded default nothing is configured by hand: the master key and the admin token are generated on
 * first start and kept, readable only by the owner, under the data directory.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface LocalSecret {
  value: string;
  /** Where it was generated, when it was; undefined when it came from the configuration or an earlier start. */
  createdAt: string | undefined;
}

export function loadOrCreateLocalSecret(dataDir: string, fileName: string, make: () => string): LocalSecret {
  const path = join(dataDir, fileName);
  if (existsSync(path)) {
    const value = readFileSync(path, 'utf8').trim();
    // An empty token would let an empty Authorization header through; refuse rather than guess.
    if (value.length === 0) throw new Error(`${path} is empty: delete it to have a new one generated, or configure the value`);
    return { value, createdAt: undefined };
  }
  mkdirSync(dataDir, { recursive: true });
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, createdAt: path };
}

export const makeMasterKey = (): string => randomBytes(32).toString('base64');
export const makeAdminToken = (): string => `hrd_${randomBytes(24).toString('base64url')}`;
