import { useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { Connection } from '../api/connection';

export const BAD_TOKEN_MESSAGE =
  'This Fieldbook link is missing its access token or the token is wrong. Open the exact URL printed by the browser host.';

/** Shows the transport's state: a full screen when the token is refused, a banner while reconnecting. */
export function ConnectionGate({ connection, children }: { connection: Connection; children: ReactNode }) {
  const status = useSyncExternalStore(
    (notify) => connection.onStatus(notify),
    () => connection.status(),
  );

  if (status === 'badToken') {
    return (
      <main className="blocked">
        <div className="blocked__card">
          <h1 className="page-title">Fieldbook cannot connect</h1>
          <p role="alert">{BAD_TOKEN_MESSAGE}</p>
        </div>
      </main>
    );
  }
  return (
    <>
      {status === 'reconnecting' ? (
        <div className="banner" role="status">
          Lost the connection to Fieldbook. Reconnecting… Your data is safe; changes resume when it is back.
        </div>
      ) : null}
      {children}
    </>
  );
}
