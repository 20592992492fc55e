import pino, { type Logger } from 'pino';

/** Paths that may hold secrets or device tokens; pino replaces them before anything is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.sign',
  'req.headers.cookie',
  '*.secretKey',
  '*.secret_key',
  '*.accessKey',
  '*.password',
  '*.privateKey',
  '*.privateKeyPem',
  '*.keyPem',
  '*.p12',
  '*.token',
  '*.vendorToken',
  '*.deviceSecret',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'herald' } }, destination);
}
