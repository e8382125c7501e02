export * from './consciousness';
export type { VitalSignBand } from './bands';
export * from './tobs';
export * from './news2';
export * from './visit-triage';
export * from './visit-reasons';
