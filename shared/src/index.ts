export * from './contracts';
export * from './domain';
export * from './realtime';
