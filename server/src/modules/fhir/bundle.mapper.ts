import type { Bundle, CollectionBundle, Resource } from './fhir.types';

/** A searchset page: self and (when more match) next links, each entry's full URL under `base`. */
export function toSearchset(o: { base: string; self: string; next: string | undefined; resources: Resource[]; now: Date }): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    timestamp: o.now.toISOString(),
    link: [{ relation: 'self', url: o.self }, ...(o.next ? [{ relation: 'next' as const, url: o.next }] : [])],
    entry: o.resources.map((resource) => ({ fullUrl: `${o.base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } })),
  };
}

/** A collection of resources (the patient's own copy), each entry's full URL under `base`. */
export function toCollection(o: { base: string; resources: Resource[]; now: Date }): CollectionBundle {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: o.now.toISOString(),
    entry: o.resources.map((resource) => ({ fullUrl: `${o.base}/${resource.resourceType}/${resource.id}`, resource })),
  };
}
