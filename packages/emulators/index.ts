export * from './pki/index.ts';
export * from './apns/index.ts';
