export * from './common.contract';
export * from './triage.contract';
export * from './auth.contract';
export * from './measurement.contract';
export * from './alert.contract';
export * from './patient.contract';
