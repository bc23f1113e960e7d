import { useState } from 'react';
import type { ApiClient } from '../api/client';
import type { Connection } from '../api/connection';
import { ConnectionGate } from './ConnectionGate';
import { AppContext, createAppStores } from './context';
import { Root } from './Root';

/** The whole renderer. `connection` is given when the transport can drop (the browser host's WebSocket). */
export function App({ client, connection }: { client: ApiClient; connection?: Connection }) {
  const [stores] = useState(() => createAppStores(client));
  return (
    <AppContext.Provider value={stores}>
      {connection ? (
        <ConnectionGate connection={connection}>
          <Root />
        </ConnectionGate>
      ) : (
        <Root />
      )}
    </AppContext.Provider>
  );
}
