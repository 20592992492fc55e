/**
 * Object identifiers Apple puts in APNs client certificates (Apple WWDR CPS; vendor-push-protocols.md §1.6).
 * The environment markers carry an ASN.1 NULL; the topic extension's value is
 * `SEQUENCE { UTF8String topic, SEQUENCE { UTF8String kind }, … }`, e.g.
 * `com.x.app`/`app`, `com.x.app.voip`/`voip` — the value OpenSSL writes for `ASN1:SEQUENCE:apns_topics`
 * (the encoding Pushy's test certificates reproduce).
 */
export const APNS_OID_DEVELOPMENT = '1.2.840.113635.100.6.3.1';
export const APNS_OID_PRODUCTION = '1.2.840.113635.100.6.3.2';
export const APNS_OID_VOIP = '1.2.840.113635.100.6.3.4';
export const APNS_OID_TOPICS = '1.2.840.113635.100.6.3.6';
