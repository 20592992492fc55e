import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import tls from 'node:tls';
import { isHeraldError, type ErrorCode } from '@herald/protocol';
import { createTestPki, generateP8, makeP12 } from '@herald/emulators/pki';
import { checkCertificateForApp, parseP12, parseP8 } from '../apns/index.ts';

const BUNDLE = 'com.example.herald';
const DAY = 86_400_000;
const pki = createTestPki();
const universal = pki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'universal' });
const devOnly = pki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'dev' });

function throwsCode(fn: () => unknown, code: ErrorCode, retCode: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isHeraldError(e, code), `expected ${code}, got ${String(e)}`);
    assert.equal(e.retCode, retCode);
    return true;
  });
}

describe('parseP12', () => {
  for (const legacy of [false, true]) {
    it(`opens a ${legacy ? 'legacy RC2-40 (Keychain)' : 'modern AES'} .p12 and reads the push certificate`, () => {
      const p12 = makeP12({ keyPem: universal.keyPem, certPem: universal.certPem, password: 's3cret', legacy, caCertPem: pki.caCertPem });
      if (legacy) {
        // The reason forge is used at all: Node 20's OpenSSL 3 refuses this file.
        assert.throws(() => tls.createSecureContext({ pfx: p12, passphrase: 's3cret' }));
      }
      const { keyPem, certPem, info } = parseP12(p12, 's3cret');
      // The chain's CA certificate is in the file too; the leaf is the one matching the key.
      assert.equal(info.fingerprint256, universal.fingerprint256);
      assert.equal(info.uid, BUNDLE);
      assert.deepEqual(info.topics, universal.topics);
      assert.deepEqual([...info.environments].sort(), ['dev', 'product']);
      assert.match(info.subject, /UID=com\.example\.herald/);
      assert.ok(info.notAfter.getTime() > Date.now());
      assert.ok(info.notBefore.getTime() < Date.now());
      assert.ok(tls.createSecureContext({ key: keyPem, cert: certPem }));
      assert.equal(createPrivateKey(keyPem).asymmetricKeyType, 'rsa');
    });

    it(`tells a wrong password from damaged content (${legacy ? 'legacy' : 'modern'})`, () => {
      const p12 = makeP12({ keyPem: universal.keyPem, certPem: universal.certPem, password: 'right', legacy });
      throwsCode(() => parseP12(p12, 'wrong'), 'CREDENTIAL_P12_PASSWORD', 1008022);
      throwsCode(() => parseP12(p12, ''), 'CREDENTIAL_P12_PASSWORD', 1008022);
      throwsCode(() => parseP12(p12.subarray(0, p12.length - 40), 'right'), 'CREDENTIAL_P12_INVALID', 1008021);
    });
  }

  it('reports a development-only certificate as such', () => {
    const { info } = parseP12(makeP12({ keyPem: devOnly.keyPem, certPem: devOnly.certPem, password: 'x' }), 'x');
    assert.deepEqual(info.environments, ['dev']);
    assert.deepEqual(info.topics, [BUNDLE]);
  });

  it('refuses files that are not PKCS#12', () => {
    throwsCode(() => parseP12(Buffer.from('not a p12 at all'), 'x'), 'CREDENTIAL_P12_INVALID', 1008021);
    throwsCode(() => parseP12(Buffer.from(universal.certPem), 'x'), 'CREDENTIAL_P12_INVALID', 1008021);
    throwsCode(() => parseP12(Buffer.alloc(0), 'x'), 'CREDENTIAL_P12_INVALID', 1008021);
  });
});

describe('checkCertificateForApp', () => {
  const info = parseP12(makeP12({ keyPem: universal.keyPem, certPem: universal.certPem, password: 'x' }), 'x').info;

  it('accepts the bundle id in either environment of a universal certificate', () => {
    checkCertificateForApp(info, { bundleId: BUNDLE, environment: 'product', now: Date.now() });
    checkCertificateForApp(info, { bundleId: BUNDLE, environment: 'dev', now: Date.now() });
  });

  it('refuses another bundle id (1008020)', () => {
    throwsCode(() => checkCertificateForApp(info, { bundleId: 'com.other.app', environment: 'product', now: Date.now() }), 'CREDENTIAL_BUNDLE_MISMATCH', 1008020);
  });

  it('refuses an expired certificate (1008023)', () => {
    throwsCode(() => checkCertificateForApp(info, { bundleId: BUNDLE, environment: 'product', now: info.notAfter.getTime() + DAY }), 'CREDENTIAL_EXPIRED', 1008023);
    const expired = pki.issueApnsClientCert({ bundleId: BUNDLE, environment: 'universal', notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - DAY) });
    const old = parseP12(makeP12({ keyPem: expired.keyPem, certPem: expired.certPem, password: 'x', legacy: true }), 'x').info;
    throwsCode(() => checkCertificateForApp(old, { bundleId: BUNDLE, environment: 'dev', now: Date.now() }), 'CREDENTIAL_EXPIRED', 1008023);
  });

  it('refuses a development certificate for production (1008023)', () => {
    const dev = parseP12(makeP12({ keyPem: devOnly.keyPem, certPem: devOnly.certPem, password: 'x' }), 'x').info;
    checkCertificateForApp(dev, { bundleId: BUNDLE, environment: 'dev', now: Date.now() });
    throwsCode(() => checkCertificateForApp(dev, { bundleId: BUNDLE, environment: 'product', now: Date.now() }), 'CREDENTIAL_EXPIRED', 1008023);
  });
});

describe('parseP8', () => {
  const p8 = generateP8();

  it('accepts an EC P-256 PKCS#8 key, also as SEC1 or without armour', () => {
    const { privateKeyPem } = parseP8(p8.privateKeyPem, p8.keyId, 'TEAM123456');
    assert.match(privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
    const sec1 = createPrivateKey(p8.privateKeyPem).export({ type: 'sec1', format: 'pem' }).toString();
    assert.equal(parseP8(sec1, p8.keyId, 'TEAM123456').privateKeyPem, privateKeyPem);
    const bare = p8.privateKeyPem.replace(/-----[A-Z ]+-----/g, '');
    assert.equal(parseP8(bare, p8.keyId, 'TEAM123456').privateKeyPem, privateKeyPem);
  });

  it('refuses anything else (1008013)', () => {
    const code = 'CREDENTIAL_PARSE_FAILED';
    throwsCode(() => parseP8('garbage', p8.keyId, 'TEAM123456'), code, 1008013);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    throwsCode(() => parseP8(rsa, p8.keyId, 'TEAM123456'), code, 1008013);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    throwsCode(() => parseP8(p384, p8.keyId, 'TEAM123456'), code, 1008013);
    throwsCode(() => parseP8(p8.privateKeyPem, 'SHORT', 'TEAM123456'), code, 1008013);
    throwsCode(() => parseP8(p8.privateKeyPem, p8.keyId, 'TEAM-12345'), code, 1008013);
  });
});
