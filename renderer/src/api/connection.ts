import type { CoreLink } from '../../../core/api/contract';

/** Whether calls can flow: the UI shows a banner while reconnecting and a full screen for a bad token. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'badToken';

export interface Connection {
  readonly link: CoreLink;
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  close(): void;
}

/** A connection that is always up: the Electron bridge and the in-process link used by tests. */
export function staticConnection(link: CoreLink): Connection {
  return { link, status: () => 'open', onStatus: () => () => {}, close: () => {} };
}
