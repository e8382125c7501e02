export * from './kinds';
export * from './limits';
export * from './triage';
export * from './limits-preview';
export * from './limits-text';
export * from './care-team';
export * from './schedule';
export * from './questionnaires';
