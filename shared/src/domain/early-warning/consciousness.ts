/**
 * Level of consciousness a nurse records on a visit (ACVPU, with agitation split out; domain.md §5).
 * `new_confusion` is confusion that is new for this patient, not a known dementia.
 */
export const CONSCIOUSNESS_LEVELS = ['alert', 'agitated', 'new_confusion', 'voice', 'pain', 'unresponsive'] as const;
export type Consciousness = (typeof CONSCIOUSNESS_LEVELS)[number];
