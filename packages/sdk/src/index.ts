export * from './push/index.ts';
