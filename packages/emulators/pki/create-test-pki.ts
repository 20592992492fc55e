/**
 * A throwaway certificate authority for tests and demos: server certificates for the emulators' TLS listeners
 * and APNs client certificates shaped like Apple's. Keys come from node:crypto (fast, native); node-forge
 * builds and signs the X.509 structures because node:crypto cannot issue certificates.
 */
import { X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';
import { APNS_OID_DEVELOPMENT, APNS_OID_PRODUCTION, APNS_OID_TOPICS, APNS_OID_VOIP } from './apns-cert-oids.ts';
import { encodeApnsTopics, type ApnsTopicEntry } from './apns-topic-extension.ts';

export type ApnsCertEnvironment = 'dev' | 'product' | 'universal';

export interface IssueApnsClientCertOptions {
  bundleId: string;
  environment: ApnsCertEnvironment;
  notAfter?: Date;
  notBefore?: Date;
  /** More topics for the 6.3.6 extension (universal certs only), kind taken from the suffix. */
  extraTopics?: string[];
  /** Apple puts the team id in the subject OU; random 10 characters when omitted. */
  teamId?: string;
}

/** Apple's VoIP Services certificate: one per app, good in both environments, for `<bundle>.voip` only. */
export interface IssueApnsVoipCertOptions {
  bundleId: string;
  notAfter?: Date;
  notBefore?: Date;
  teamId?: string;
}

export interface IssuedCert {
  certPem: string;
  keyPem: string;
}

export interface IssuedApnsClientCert extends IssuedCert {
  /** Node's `X509Certificate#fingerprint256` form: upper-case hex pairs joined by colons. */
  fingerprint256: string;
  teamId: string;
  /** Every topic the certificate grants, bundle id first. */
  topics: string[];
}

export interface TestPki {
  caCertPem: string;
  caKeyPem: string;
  issueServerCert(hosts?: string[]): IssuedCert;
  issueApnsClientCert(o: IssueApnsClientCertOptions): IssuedApnsClientCert;
  /** Subject UID `<bundle>.voip`, "VoIP Services: <bundle>", the VoIP marker (…6.3.4) and no environment marker. */
  issueApnsVoipCert(o: IssueApnsVoipCertOptions): IssuedApnsClientCert;
}

const OID_USER_ID = '0.9.2342.19200300.100.1.1';
const HOUR_MS = 3_600_000;
const YEAR_MS = 365 * 24 * HOUR_MS;
// forge reads `valueTagClass` as the value's universal tag; @types/node-forge mistypes it as a Class.
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

interface KeyPair {
  keyPem: string;
  forgePublic: forge.pki.PublicKey;
  forgePrivate: forge.pki.rsa.PrivateKey;
}

function newRsaKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    keyPem,
    forgePublic: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
    forgePrivate: forge.pki.privateKeyFromPem(keyPem),
  };
}

function serial(): string {
  // Positive INTEGER: clear the top bit so DER needs no sign byte.
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

export function randomAppleId(length = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

function nullExtension(id: string): { id: string; critical: boolean; value: string } {
  return { id, critical: false, value: forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, '')).getBytes() };
}

function topicKind(bundleId: string, topic: string): string {
  if (topic === bundleId) return 'app';
  const suffix = topic.startsWith(bundleId + '.') ? topic.slice(bundleId.length + 1) : topic;
  return suffix.split('.').pop() ?? suffix;
}

export function createTestPki(): TestPki {
  const caKeys = newRsaKeyPair();
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = caKeys.forgePublic;
  caCert.serialNumber = serial();
  caCert.validity.notBefore = new Date(Date.now() - HOUR_MS);
  caCert.validity.notAfter = new Date(Date.now() + 10 * YEAR_MS);
  const caSubject = [
    { name: 'commonName', value: `Herald Test CA ${randomAppleId(6)}` },
    { name: 'organizationName', value: 'Herald tests' },
  ];
  caCert.setSubject(caSubject);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKeys.forgePrivate, forge.md.sha256.create());
  const caCertPem = forge.pki.certificateToPem(caCert);

  function issue(
    subject: forge.pki.CertificateField[],
    extensions: object[],
    validity: { notBefore?: Date | undefined; notAfter?: Date | undefined },
  ): { certPem: string; keyPem: string } {
    const keys = newRsaKeyPair();
    const cert = forge.pki.createCertificate();
    cert.publicKey = keys.forgePublic;
    cert.serialNumber = serial();
    cert.validity.notBefore = validity.notBefore ?? new Date(Date.now() - HOUR_MS);
    cert.validity.notAfter = validity.notAfter ?? new Date(Date.now() + YEAR_MS);
    cert.setSubject(subject);
    cert.setIssuer(caCert.subject.attributes);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
      ...extensions,
    ]);
    cert.sign(caKeys.forgePrivate, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
  }

  return {
    caCertPem,
    caKeyPem: caKeys.keyPem,

    issueServerCert(hosts = ['localhost', '127.0.0.1']) {
      const altNames = hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h }));
      return issue(
        [{ name: 'commonName', value: hosts[0] ?? 'localhost' }],
        [
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames },
        ],
        {},
      );
    },

    issueApnsClientCert(o) {
      const teamId = o.teamId ?? randomAppleId();
      const prefix = o.environment === 'dev' ? 'Apple Development IOS Push Services' : 'Apple Push Services';
      const subject: forge.pki.CertificateField[] = [
        { type: OID_USER_ID, value: o.bundleId, valueTagClass: UTF8 },
        { name: 'commonName', value: `${prefix}: ${o.bundleId}`, valueTagClass: UTF8 },
        { name: 'organizationalUnitName', value: teamId },
        { name: 'organizationName', value: 'Herald Test Team', valueTagClass: UTF8 },
        { name: 'countryName', value: 'US' },
      ];
      const extensions: object[] = [
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
      ];
      if (o.environment !== 'product') extensions.push(nullExtension(APNS_OID_DEVELOPMENT));
      if (o.environment !== 'dev') extensions.push(nullExtension(APNS_OID_PRODUCTION));
      const topics = [o.bundleId];
      if (o.environment === 'universal') {
        topics.push(`${o.bundleId}.voip`, `${o.bundleId}.complication`, ...(o.extraTopics ?? []));
        const entries: ApnsTopicEntry[] = topics.map((topic) => ({ topic, kind: topicKind(o.bundleId, topic) }));
        extensions.push({ id: APNS_OID_TOPICS, critical: false, value: encodeApnsTopics(entries) });
      }
      const issued = issue(subject, extensions, { notBefore: o.notBefore, notAfter: o.notAfter });
      const fingerprint256 = new X509Certificate(issued.certPem).fingerprint256;
      return { ...issued, fingerprint256, teamId, topics };
    },

    issueApnsVoipCert(o) {
      const teamId = o.teamId ?? randomAppleId();
      const topic = `${o.bundleId}.voip`;
      const subject: forge.pki.CertificateField[] = [
        { type: OID_USER_ID, value: topic, valueTagClass: UTF8 },
        { name: 'commonName', value: `VoIP Services: ${o.bundleId}`, valueTagClass: UTF8 },
        { name: 'organizationalUnitName', value: teamId },
        { name: 'organizationName', value: 'Herald Test Team', valueTagClass: UTF8 },
        { name: 'countryName', value: 'US' },
      ];
      const extensions: object[] = [
        { name: 'keyUsage', digitalSignature: true, critical: true },
        { name: 'extKeyUsage', clientAuth: true },
        nullExtension(APNS_OID_VOIP),
      ];
      const issued = issue(subject, extensions, { notBefore: o.notBefore, notAfter: o.notAfter });
      const fingerprint256 = new X509Certificate(issued.certPem).fingerprint256;
      return { ...issued, fingerprint256, teamId, topics: [topic] };
    },
  };
}
