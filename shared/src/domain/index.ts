export * from './kinds';
export * from './limits';
export * from './triage';
