export * from './definition';
export * from './scoring';
export * from './triage';
export * from './registry';
export * from './due';
