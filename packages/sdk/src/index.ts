export * from './push/index.ts';
export * from './chat/index.ts';
export * from './web-push/index.ts';
export * from './offline-push/index.ts';
