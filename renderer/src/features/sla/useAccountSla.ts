import { useEffect } from 'react';
import { useApp, useSla } from '../../app/context';
import { emptyAccountSla } from './store';
import type { AccountSla } from './store';

/** An account's contracts, incidents and engagements, loaded while the component is on screen and kept fresh. */
export function useAccountSla(accountId: string): AccountSla {
  const { sla } = useApp();
  useEffect(() => sla.getState().watch(accountId), [sla, accountId]);
  return useSla((s) => s.accounts[accountId]) ?? emptyAccountSla();
}
