import { useEffect } from 'react';
import { isEvent } from '../../api/client';
import { useApp } from '../../app/context';

/** How long a shell notice stays: longer than a routine toast, these explain something that happened. */
const NOTICE_MS = 15_000;

/**
 * Shows what the desktop shell tells the user (the core was restarted, a backup was restored, an update is
 * ready, a tray action failed) as a toast. Renders nothing itself.
 */
export function ShellNotices() {
  const { client, toasts } = useApp();
  useEffect(
    () =>
      client.onEvent((frame) => {
        if (isEvent(frame, 'app.notice')) toasts.getState().show({ message: frame.payload.message, durationMs: NOTICE_MS });
      }),
    [client, toasts],
  );
  return null;
}
