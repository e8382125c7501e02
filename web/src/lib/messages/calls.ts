/** Texts of ad-hoc calls (specialist advice): ringing, taking, calling. */
export const da = {
  'calls.incoming.label': 'Indgående videoopkald',
  'calls.incoming.title': 'Videoopkald fra {name}, {org}',
  'calls.incoming.about': 'om {patient}',
  'calls.incoming.take': 'Tag opkaldet',
  'calls.incoming.taken': 'En kollega tog opkaldet.',
  'calls.incoming.failed': 'Opkaldet kunne ikke startes. Prøv igen.',
  'calls.callOrganisation': 'Ring til {org} (video)',
} as const;

export const en: Record<keyof typeof da, string> = {
  'calls.incoming.label': 'Incoming video call',
  'calls.incoming.title': 'Video call from {name}, {org}',
  'calls.incoming.about': 'about {patient}',
  'calls.incoming.take': 'Take the call',
  'calls.incoming.taken': 'A colleague took the call.',
  'calls.incoming.failed': 'The call could not be started. Try again.',
  'calls.callOrganisation': 'Call {org} (video)',
};
