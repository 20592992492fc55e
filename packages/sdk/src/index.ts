export * from './push/index.ts';
export * from './chat/index.ts';
