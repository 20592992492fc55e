/**
 * What APNs reads from a provider's TLS client certificate (vendor-push-protocols.md §1.3, §1.6): which
 * environments it is good for (OIDs …6.3.1 / …6.3.2; Apple's VoIP Services certificate, marked …6.3.4, serves
 * both) and which topics it may push to (…6.3.6, else the subject UID, `<bundle>.voip` on a VoIP certificate).
 */
import type { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { APNS_OID_DEVELOPMENT, APNS_OID_PRODUCTION, APNS_OID_TOPICS, APNS_OID_VOIP } from '../pki/apns-cert-oids.ts';
import { decodeApnsTopics } from '../pki/apns-topic-extension.ts';

export interface ClientCertIdentity {
  x509: X509Certificate;
  development: boolean;
  production: boolean;
  /** A VoIP Services certificate: good in both environments. */
  voip: boolean;
  topics: string[];
}

/** Extensions of a DER certificate as OID → extnValue contents, read with forge's ASN.1 (any key type). */
function readExtensions(der: Buffer): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const cert = forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary')));
  const tbs = Array.isArray(cert.value) ? cert.value[0] : undefined;
  if (tbs === undefined || !Array.isArray(tbs.value)) return out;
  // Extensions are the [3] EXPLICIT field of TBSCertificate.
  const wrapper = tbs.value.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  const list = wrapper !== undefined && Array.isArray(wrapper.value) ? wrapper.value[0] : undefined;
  if (list === undefined || !Array.isArray(list.value)) return out;
  for (const ext of list.value) {
    if (!Array.isArray(ext.value)) continue;
    const [oidNode, second, third] = ext.value;
    const valueNode = third ?? second;
    if (oidNode === undefined || valueNode === undefined || typeof oidNode.value !== 'string' || typeof valueNode.value !== 'string') continue;
    out.set(forge.asn1.derToOid(oidNode.value), Buffer.from(valueNode.value, 'binary'));
  }
  return out;
}

export function readClientCertIdentity(x509: X509Certificate): ClientCertIdentity {
  const extensions = readExtensions(x509.raw);
  const topicsDer = extensions.get(APNS_OID_TOPICS);
  let topics = topicsDer === undefined ? [] : decodeApnsTopics(topicsDer).map((t) => t.topic);
  if (topics.length === 0) {
    const uid = /^UID=(.+)$/m.exec(x509.subject)?.[1];
    topics = uid === undefined ? [] : [uid];
  }
  return {
    x509,
    development: extensions.has(APNS_OID_DEVELOPMENT),
    production: extensions.has(APNS_OID_PRODUCTION),
    voip: extensions.has(APNS_OID_VOIP),
    topics,
  };
}

/** Issued and signed by one of the trusted CAs, and valid at `now`. */
export function isCertTrusted(x509: X509Certificate, cas: readonly X509Certificate[], now: number): boolean {
  if (now < Date.parse(x509.validFrom) || now > Date.parse(x509.validTo)) return false;
  return cas.some((ca) => x509.checkIssued(ca) && x509.verify(ca.publicKey));
}
