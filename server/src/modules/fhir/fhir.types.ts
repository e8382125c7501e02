/** The slice of FHIR R4 datatypes Naer emits; the integration test checks every resource against the full definitions. */

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}

export interface Reference {
  reference?: string;
  display?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Annotation {
  text: string;
}

export interface ReferenceRange {
  low?: Omit<Quantity, 'unit'> & { unit?: string };
  high?: Omit<Quantity, 'unit'> & { unit?: string };
  type?: CodeableConcept;
  text?: string;
}

export interface ObservationComponent {
  code: CodeableConcept;
  valueQuantity?: Quantity;
  valueInteger?: number;
  dataAbsentReason?: CodeableConcept;
  referenceRange?: ReferenceRange[];
}

export interface Device {
  resourceType: 'Device';
  id: string;
  deviceName?: Array<{ name: string; type: 'user-friendly-name' | 'model-name' }>;
  manufacturer?: string;
  modelNumber?: string;
  serialNumber?: string;
  version?: Array<{ value: string }>;
}

export interface Observation {
  resourceType: 'Observation';
  id: string;
  meta?: { profile: string[] };
  contained?: Device[];
  extension?: Extension[];
  status: 'preliminary' | 'final' | 'cancelled';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  effectiveDateTime: string;
  issued?: string;
  performer?: Reference[];
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  dataAbsentReason?: CodeableConcept;
  interpretation?: CodeableConcept[];
  note?: Annotation[];
  device?: Reference;
  referenceRange?: ReferenceRange[];
  derivedFrom?: Reference[];
  component?: ObservationComponent[];
}

export interface Patient {
  resourceType: 'Patient';
  id: string;
  active: boolean;
  name: Array<{ use: 'official'; text: string }>;
  birthDate?: string;
  generalPractitioner?: Reference[];
}

export interface QuestionnaireResponse {
  resourceType: 'QuestionnaireResponse';
  id: string;
  questionnaire: string;
  status: 'completed';
  subject: Reference;
  authored: string;
  author?: Reference;
  source?: Reference;
  item: Array<{ linkId: string; answer: Array<{ valueInteger: number } | { valueDecimal: number }> }>;
}

export interface Flag {
  resourceType: 'Flag';
  id: string;
  status: 'active' | 'inactive';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: Reference;
  period: Period;
  author?: Reference;
  extension?: Extension[];
}

export interface Appointment {
  resourceType: 'Appointment';
  id: string;
  status: 'booked' | 'cancelled' | 'fulfilled';
  serviceType?: CodeableConcept[];
  description: string;
  start: string;
  end: string;
  minutesDuration: number;
  created: string;
  comment?: string;
  participant: Array<{ actor: Reference; status: 'accepted' }>;
}

export interface Communication {
  resourceType: 'Communication';
  id: string;
  status: 'completed';
  subject: Reference;
  sent: string;
  sender: Reference;
  payload: Array<{ contentString: string }>;
}

export type Resource = Observation | Patient | QuestionnaireResponse | Flag | Appointment | Communication;

export interface BundleLink {
  relation: 'self' | 'next';
  url: string;
}

export interface Bundle {
  resourceType: 'Bundle';
  type: 'searchset';
  timestamp: string;
  link: BundleLink[];
  entry: Array<{ fullUrl: string; resource: Resource; search: { mode: 'match' } }>;
}

/** Resources gathered for one purpose (the patient's own copy), not a search answer. */
export interface CollectionBundle {
  resourceType: 'Bundle';
  type: 'collection';
  timestamp: string;
  entry: Array<{ fullUrl: string; resource: Resource }>;
}

export interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: Array<{ severity: 'error' | 'fatal'; code: string; diagnostics: string }>;
}
