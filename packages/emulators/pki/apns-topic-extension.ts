import forge from 'node-forge';

const { asn1 } = forge;

export interface ApnsTopicEntry {
  topic: string;
  kind: string;
}

/** DER of the 1.2.840.113635.100.6.3.6 extension value (see apns-cert-oids.ts for the layout). */
export function encodeApnsTopics(entries: readonly ApnsTopicEntry[]): string {
  const items: forge.asn1.Asn1[] = [];
  for (const e of entries) {
    items.push(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(e.topic)));
    items.push(
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
        asn1.create(asn1.Class.UNIVERSAL, asn1.Type.UTF8, false, forge.util.encodeUtf8(e.kind)),
      ]),
    );
  }
  return asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items)).getBytes();
}

/** Topics listed in a 6.3.6 extension value; `der` is the extension's extnValue contents. */
export function decodeApnsTopics(der: Uint8Array): ApnsTopicEntry[] {
  const root = asn1.fromDer(forge.util.binary.raw.encode(der));
  const out: ApnsTopicEntry[] = [];
  if (!Array.isArray(root.value)) return out;
  let pending: string | undefined;
  for (const node of root.value) {
    if (node.type === asn1.Type.UTF8 && typeof node.value === 'string') {
      if (pending !== undefined) out.push({ topic: pending, kind: '' });
      pending = forge.util.decodeUtf8(node.value);
    } else if (node.type === asn1.Type.SEQUENCE && pending !== undefined) {
      const first = Array.isArray(node.value) ? node.value[0] : undefined;
      const kind = first !== undefined && typeof first.value === 'string' ? forge.util.decodeUtf8(first.value) : '';
      out.push({ topic: pending, kind });
      pending = undefined;
    }
  }
  if (pending !== undefined) out.push({ topic: pending, kind: '' });
  return out;
}
