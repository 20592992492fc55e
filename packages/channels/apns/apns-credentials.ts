/**
 * APNs credentials as uploaded by a user: a `.p8` signing key (token auth) or a `.p12` push certificate
 * (certificate auth). The `.p12` is opened with node-forge, not Node's TLS, because Keychain exports use
 * RC2-40 which Node 20's OpenSSL 3 rejects (nodejs/node#40672); the channel then uses the PEMs for mTLS.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { heraldError } from '@herald/protocol';
import { readApnsCertificateInfo, type ApnsCertEnvironment, type ApnsCertificateInfo } from './apns-cert-info.ts';

export type { ApnsCertificateInfo, ApnsCertEnvironment } from './apns-cert-info.ts';

export type ApnsCredential =
  | { kind: 'p8'; keyId: string; teamId: string; privateKeyPem: string; bundleId: string }
  | { kind: 'p12'; keyPem: string; certPem: string; bundleId: string };

interface KeyBag {
  key?: forge.pki.PrivateKey | null;
  asn1?: forge.asn1.Asn1;
}

interface CertBag {
  cert?: forge.pki.Certificate | null;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function openPfx(p12: Buffer, password: string): forge.pkcs12.Pkcs12Pfx {
  let der: forge.asn1.Asn1;
  try {
    der = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  } catch (e) {
    throw heraldError('CREDENTIAL_P12_INVALID', `Not a PKCS#12 file: ${messageOf(e)}`);
  }
  // PFX ::= SEQUENCE { version, authSafe, macData OPTIONAL }. With macData present forge checks the
  // password against the MAC before it decrypts anything, so a MAC failure is a wrong password, and any
  // later failure is damaged content.
  const hasMac = Array.isArray(der.value) && der.value.length >= 3;
  try {
    return forge.pkcs12.pkcs12FromAsn1(der, true, password);
  } catch (e) {
    const message = messageOf(e);
    if (/MAC could not be verified|wrong password|Invalid password/i.test(message)) {
      throw heraldError('CREDENTIAL_P12_PASSWORD', 'Wrong .p12 password');
    }
    // Without a MAC nothing tells a wrong password from garbage except decryption failing.
    if (!hasMac && /decrypt|Too few bytes|padding/i.test(message)) {
      throw heraldError('CREDENTIAL_P12_PASSWORD', 'Wrong .p12 password');
    }
    throw heraldError('CREDENTIAL_P12_INVALID', `Invalid .p12 content: ${message}`);
  }
}

function keyBagPem(bag: KeyBag): string | undefined {
  if (bag.key) {
    const rsa = bag.key as forge.pki.rsa.PrivateKey;
    return forge.pki.privateKeyInfoToPem(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(rsa)));
  }
  // forge only understands RSA keys; other key types stay as their decrypted PrivateKeyInfo.
  if (bag.asn1) return forge.pki.privateKeyInfoToPem(bag.asn1);
  return undefined;
}

function toNodeKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (e) {
    throw heraldError('CREDENTIAL_P12_INVALID', `The .p12 private key is unreadable: ${messageOf(e)}`);
  }
}

export function parseP12(p12: Buffer, password: string): { keyPem: string; certPem: string; info: ApnsCertificateInfo } {
  const pfx = openPfx(p12, password);
  const keyBags = [
    ...((pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []) as KeyBag[]),
    ...((pfx.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []) as KeyBag[]),
  ];
  const certs = ((pfx.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []) as CertBag[])
    .map((b) => b.cert)
    .filter((c): c is forge.pki.Certificate => c != null);
  const keyPem = keyBags.map(keyBagPem).find((p) => p !== undefined);
  if (keyPem === undefined) throw heraldError('CREDENTIAL_P12_INVALID', 'The .p12 holds no private key');
  if (certs.length === 0) throw heraldError('CREDENTIAL_P12_INVALID', 'The .p12 holds no certificate');
  const key = toNodeKey(keyPem);
  // Exports may carry the issuing chain too: the push certificate is the one that matches the key.
  let leaf: { cert: forge.pki.Certificate; pem: string } | undefined;
  for (const cert of certs) {
    const pem = forge.pki.certificateToPem(cert);
    if (new X509Certificate(pem).checkPrivateKey(key)) {
      leaf = { cert, pem };
      break;
    }
  }
  if (leaf === undefined) throw heraldError('CREDENTIAL_P12_INVALID', 'No certificate in the .p12 matches its private key');
  return { keyPem, certPem: leaf.pem, info: readApnsCertificateInfo(leaf.cert, leaf.pem) };
}

const APPLE_ID = /^[0-9A-Za-z]{10}$/;

export function parseP8(pem: string, keyId: string, teamId: string): { privateKeyPem: string } {
  if (!APPLE_ID.test(keyId)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'The key ID must be 10 letters or digits');
  if (!APPLE_ID.test(teamId)) throw heraldError('CREDENTIAL_PARSE_FAILED', 'The team ID must be 10 letters or digits');
  let text = pem.trim();
  // People paste the key's body without its armour lines.
  if (!text.includes('-----BEGIN')) text = `-----BEGIN PRIVATE KEY-----\n${text.replace(/\s+/g, '')}\n-----END PRIVATE KEY-----`;
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (e) {
    throw heraldError('CREDENTIAL_PARSE_FAILED', `The .p8 key could not be parsed: ${messageOf(e)}`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw heraldError('CREDENTIAL_PARSE_FAILED', 'The .p8 key must be an EC P-256 key');
  }
  // jose's importPKCS8 wants PKCS#8 whatever form (SEC1, no armour) came in.
  return { privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/**
 * Checks that a certificate may push to the app's topic (`topic`, default the bundle ID; `<bundle>.voip` for a
 * VoIP certificate) in `environment`, and is valid now.
 */
export function checkCertificateForApp(
  info: ApnsCertificateInfo,
  o: { bundleId: string; environment: ApnsCertEnvironment; now: number; topic?: string },
): void {
  const topic = o.topic ?? o.bundleId;
  if (!info.topics.includes(topic)) {
    throw heraldError('CREDENTIAL_BUNDLE_MISMATCH', `The certificate is for ${info.topics.join(', ') || 'no topic'}, not ${topic}`, {
      topics: info.topics,
    });
  }
  if (o.now > info.notAfter.getTime()) {
    throw heraldError('CREDENTIAL_EXPIRED', `The certificate expired on ${info.notAfter.toISOString()}`);
  }
  if (o.now < info.notBefore.getTime()) {
    throw heraldError('CREDENTIAL_EXPIRED', `The certificate is not valid before ${info.notBefore.toISOString()}`);
  }
  if (!info.environments.includes(o.environment)) {
    throw heraldError('CREDENTIAL_EXPIRED', `The certificate is not valid for the ${o.environment} environment`, {
      environments: info.environments,
    });
  }
}
