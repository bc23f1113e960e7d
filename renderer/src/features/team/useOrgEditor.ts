import { useProfile } from '../../app/context';

/**
 * Whether this person may change organisation-wide records (the people directory, checklists, the capability
 * catalog). The core refuses everyone else, and so would the sync server; screens show those lists read-only.
 */
export function useOrgEditor(): boolean {
  const role = useProfile((s) => s.profile?.role);
  return role === 'manager' || role === 'admin';
}

export const READ_ONLY_NOTE = 'Managers and admins change this list; yours shows what they set.';
