export {
  createTestPki,
  type TestPki,
  type IssuedCert,
  type IssuedApnsClientCert,
  type IssueApnsClientCertOptions,
  type IssueApnsVoipCertOptions,
  type ApnsCertEnvironment,
} from './create-test-pki.ts';
export { makeP12, type MakeP12Options } from './make-p12.ts';
export { generateP8, type GeneratedP8 } from './generate-p8.ts';
export { encodeApnsTopics, decodeApnsTopics, type ApnsTopicEntry } from './apns-topic-extension.ts';
export { APNS_OID_DEVELOPMENT, APNS_OID_PRODUCTION, APNS_OID_VOIP, APNS_OID_TOPICS } from './apns-cert-oids.ts';
