export * from './kinds';
export * from './limits';
export * from './triage';
export * from './care-team';
export * from './schedule';
