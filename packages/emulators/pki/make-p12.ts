/**
 * PKCS#12 files made by the `openssl` CLI, so both flavours are byte-for-byte what real tools write:
 * - default: OpenSSL 3's modern PBES2 (PBKDF2 + AES-256-CBC, SHA-256 MAC), which Node's TLS loads;
 * - `legacy: true`: what macOS Keychain exports (certs under pbeWithSHA1And40BitRC2-CBC, key under 3DES),
 *   which Node 20's OpenSSL 3 rejects with "Unsupported PKCS12 PFX data" (nodejs/node#40672).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MakeP12Options {
  keyPem: string;
  certPem: string;
  password: string;
  legacy?: boolean;
  caCertPem?: string;
  /** Friendly name of the identity bag (Keychain uses the certificate's CN). */
  name?: string;
}

export function makeP12(o: MakeP12Options): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'herald-p12-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const out = join(dir, 'out.p12');
    writeFileSync(key, o.keyPem, { mode: 0o600 });
    writeFileSync(cert, o.certPem);
    const args = ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', out, '-passout', 'env:HERALD_P12_PASSWORD'];
    if (o.caCertPem !== undefined) {
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, o.caCertPem);
      args.push('-certfile', ca);
    }
    if (o.name !== undefined) args.push('-name', o.name);
    if (o.legacy === true) args.push('-legacy', '-certpbe', 'PBE-SHA1-RC2-40', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1');
    // The password goes through the environment so it never shows up in a process listing.
    execFileSync('openssl', args, { env: { ...process.env, HERALD_P12_PASSWORD: o.password }, stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
