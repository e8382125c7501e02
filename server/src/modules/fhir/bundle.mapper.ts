import type { Bundle, Resource } from './fhir.types';

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
