import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import tls from 'node:tls';
import forge from 'node-forge';
import {
  APNS_OID_DEVELOPMENT,
  APNS_OID_PRODUCTION,
  APNS_OID_TOPICS,
  createTestPki,
  decodeApnsTopics,
  generateP8,
  makeP12,
} from '../pki/index.ts';

const pki = createTestPki();
const caX509 = new X509Certificate(pki.caCertPem);

function extensionIds(certPem: string): Map<string, forge.pki.CertificateField> {
  const cert = forge.pki.certificateFromPem(certPem);
  return new Map(cert.extensions.map((e: { id: string }) => [e.id, e as forge.pki.CertificateField]));
}

test('server certificate is signed by the CA and names localhost and 127.0.0.1', () => {
  const { certPem, keyPem } = pki.issueServerCert();
  const x = new X509Certificate(certPem);
  assert.ok(x.verify(caX509.publicKey));
  assert.ok(x.checkHost('localhost'));
  assert.ok(x.checkIP('127.0.0.1'));
  assert.ok(x.checkPrivateKey(createPrivateKey(keyPem)));
  assert.ok(caX509.ca);
});

test('APNs client certificates look like Apple\'s for each environment', () => {
  const prod = pki.issueApnsClientCert({ bundleId: 'com.example.app', environment: 'product', teamId: 'ABCDE12345' });
  const px = new X509Certificate(prod.certPem);
  assert.match(px.subject, /^UID=com\.example\.app$/m);
  assert.match(px.subject, /^CN=Apple Push Services: com\.example\.app$/m);
  assert.match(px.subject, /^OU=ABCDE12345$/m);
  assert.equal(px.fingerprint256, prod.fingerprint256);
  assert.ok(px.verify(caX509.publicKey));
  let ext = extensionIds(prod.certPem);
  assert.ok(ext.has(APNS_OID_PRODUCTION) && !ext.has(APNS_OID_DEVELOPMENT) && !ext.has(APNS_OID_TOPICS));

  const dev = pki.issueApnsClientCert({ bundleId: 'com.example.app', environment: 'dev' });
  assert.match(new X509Certificate(dev.certPem).subject, /^CN=Apple Development IOS Push Services: com\.example\.app$/m);
  ext = extensionIds(dev.certPem);
  assert.ok(ext.has(APNS_OID_DEVELOPMENT) && !ext.has(APNS_OID_PRODUCTION));

  const uni = pki.issueApnsClientCert({ bundleId: 'com.example.app', environment: 'universal', extraTopics: ['com.example.app.pushkit.fileprovider'] });
  ext = extensionIds(uni.certPem);
  assert.ok(ext.has(APNS_OID_DEVELOPMENT) && ext.has(APNS_OID_PRODUCTION));
  const topicsExt = ext.get(APNS_OID_TOPICS) as unknown as { value: string };
  assert.deepEqual(decodeApnsTopics(Buffer.from(topicsExt.value, 'binary')), [
    { topic: 'com.example.app', kind: 'app' },
    { topic: 'com.example.app.voip', kind: 'voip' },
    { topic: 'com.example.app.complication', kind: 'complication' },
    { topic: 'com.example.app.pushkit.fileprovider', kind: 'fileprovider' },
  ]);
  assert.deepEqual(uni.topics, ['com.example.app', 'com.example.app.voip', 'com.example.app.complication', 'com.example.app.pushkit.fileprovider']);
});

test('validity dates are honoured', () => {
  const notBefore = new Date('2020-01-01T00:00:00Z');
  const notAfter = new Date('2021-01-01T00:00:00Z');
  const c = pki.issueApnsClientCert({ bundleId: 'com.example.old', environment: 'product', notBefore, notAfter });
  const x = new X509Certificate(c.certPem);
  assert.equal(new Date(x.validTo).getTime(), notAfter.getTime());
  assert.equal(new Date(x.validFrom).getTime(), notBefore.getTime());
});

test('modern p12 loads in Node TLS; legacy RC2-40 p12 is rejected by Node but read by node-forge', () => {
  const c = pki.issueApnsClientCert({ bundleId: 'com.example.app', environment: 'universal' });
  const modern = makeP12({ keyPem: c.keyPem, certPem: c.certPem, password: 'secret', caCertPem: pki.caCertPem });
  tls.createSecureContext({ pfx: modern, passphrase: 'secret' });

  const legacy = makeP12({ keyPem: c.keyPem, certPem: c.certPem, password: 'secret', legacy: true });
  assert.throws(() => tls.createSecureContext({ pfx: legacy, passphrase: 'secret' }), /Unsupported PKCS12 PFX data/);

  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(legacy.toString('binary')), 'secret');
  const certBags = p12.getBags({ bagType: forge.pki.oids['certBag'] as string })[forge.pki.oids['certBag'] as string] ?? [];
  const keyBags = p12.getBags({ bagType: forge.pki.oids['pkcs8ShroudedKeyBag'] as string })[forge.pki.oids['pkcs8ShroudedKeyBag'] as string] ?? [];
  assert.equal(certBags.length, 1);
  assert.equal(keyBags.length, 1);
  const cert = certBags[0]?.cert;
  assert.ok(cert);
  assert.equal(new X509Certificate(forge.pki.certificateToPem(cert)).fingerprint256, c.fingerprint256);

  // The cert bag really is under pbeWithSHA1And40BitRC2-CBC (OID 1.2.840.113549.1.12.1.6).
  assert.ok(legacy.includes(Buffer.from(forge.asn1.oidToDer('1.2.840.113549.1.12.1.6').getBytes(), 'binary')));
});

test('generateP8 gives an ES256 key pair and a 10-character key id', () => {
  const k = generateP8();
  assert.match(k.keyId, /^[A-Z0-9]{10}$/);
  assert.match(k.privateKeyPem, /^-----BEGIN PRIVATE KEY-----/);
  const priv = createPrivateKey(k.privateKeyPem);
  assert.equal(priv.asymmetricKeyType, 'ec');
  assert.equal(priv.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  const sig = sign('sha256', Buffer.from('x'), { key: priv, dsaEncoding: 'ieee-p1363' });
  assert.ok(verify('sha256', Buffer.from('x'), { key: createPublicKey(k.publicKeyPem), dsaEncoding: 'ieee-p1363' }, sig));
});
