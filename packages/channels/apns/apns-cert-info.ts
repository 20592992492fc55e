/**
 * Reads what matters for APNs out of a push certificate: the topics it may push to and the environments
 * it is valid in. OIDs from Apple's WWDR CPS (vendor-push-protocols.md §1.3, §1.6), checked against
 * Pushy's `TopicUtil` and several Apple-cert parsers:
 * - subject UID (0.9.2342.19200300.100.1.1) is the bundle id;
 * - 1.2.840.113635.100.6.3.6 lists the topics: `SEQUENCE { UTF8String topic, SEQUENCE { kind }, … }`;
 * - 1.2.840.113635.100.6.3.1 marks development, 1.2.840.113635.100.6.3.2 production (universal: both).
 */
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export type ApnsCertEnvironment = 'dev' | 'product';

export interface ApnsCertificateInfo {
  subject: string;
  uid: string | undefined;
  topics: string[];
  notBefore: Date;
  notAfter: Date;
  environments: ApnsCertEnvironment[];
  /** Node's `X509Certificate#fingerprint256` form (upper-case hex pairs joined by colons). */
  fingerprint256: string;
}

const OID_UID = '0.9.2342.19200300.100.1.1';
const OID_DEVELOPMENT = '1.2.840.113635.100.6.3.1';
const OID_PRODUCTION = '1.2.840.113635.100.6.3.2';
const OID_TOPICS = '1.2.840.113635.100.6.3.6';

interface RawExtension {
  id?: string;
  value?: unknown;
}

function findExtension(cert: forge.pki.Certificate, oid: string): RawExtension | undefined {
  return (cert.extensions as RawExtension[]).find((e) => e.id === oid);
}

/** Topics from the 6.3.6 extension value: every string directly under the outer SEQUENCE. */
function decodeTopics(der: string): string[] {
  const root = forge.asn1.fromDer(der);
  if (!Array.isArray(root.value)) return [];
  const topics: string[] = [];
  for (const node of root.value) {
    if (!Array.isArray(node.value) && typeof node.value === 'string' && node.type !== forge.asn1.Type.SEQUENCE) {
      topics.push(forge.util.decodeUtf8(node.value));
    }
  }
  return topics;
}

interface RawAttribute {
  type?: string;
  name?: string;
  shortName?: string;
  value?: unknown;
  valueTagClass?: number;
}

/** forge leaves attribute values as DER byte strings; UTF8String ones need decoding. */
function attributeText(a: RawAttribute): string {
  const raw = typeof a.value === 'string' ? a.value : String(a.value);
  if (a.valueTagClass !== forge.asn1.Type.UTF8) return raw;
  try {
    return forge.util.decodeUtf8(raw);
  } catch {
    return raw;
  }
}

function subjectString(attributes: RawAttribute[]): string {
  return attributes.map((a) => `${a.shortName ?? (a.type === OID_UID ? 'UID' : (a.name ?? a.type))}=${attributeText(a)}`).join(', ');
}

export function readApnsCertificateInfo(cert: forge.pki.Certificate, certPem: string): ApnsCertificateInfo {
  const attributes = cert.subject.attributes as RawAttribute[];
  const uidAttribute = attributes.find((a) => a.type === OID_UID);
  const uid = uidAttribute === undefined ? undefined : attributeText(uidAttribute);
  const topics: string[] = [];
  if (uid !== undefined) topics.push(uid);
  const topicExt = findExtension(cert, OID_TOPICS);
  if (topicExt !== undefined && typeof topicExt.value === 'string') {
    for (const t of decodeTopics(topicExt.value)) if (!topics.includes(t)) topics.push(t);
  }
  const dev = findExtension(cert, OID_DEVELOPMENT) !== undefined;
  const prod = findExtension(cert, OID_PRODUCTION) !== undefined;
  // A certificate with neither marker (self-made with openssl, say) cannot be placed: accept it in both and
  // let APNs answer BadCertificateEnvironment if it disagrees.
  const environments: ApnsCertEnvironment[] = dev || prod ? [] : ['dev', 'product'];
  if (dev) environments.push('dev');
  if (prod) environments.push('product');
  return {
    subject: subjectString(attributes),
    uid,
    topics,
    notBefore: cert.validity.notBefore,
    notAfter: cert.validity.notAfter,
    environments,
    fingerprint256: new X509Certificate(certPem).fingerprint256,
  };
}

/**
 * The topics a stored push certificate (PEM) may push to, or [] when it cannot be read: a `.voip` topic there
 * means the certificate serves VoIP pushes itself (a universal certificate, or Apple's VoIP Services one).
 */
export function apnsCertificateTopics(certPem: string): string[] {
  try {
    return readApnsCertificateInfo(forge.pki.certificateFromPem(certPem), certPem).topics;
  } catch {
    return [];
  }
}
