/**
 * Validated IPC senders (DESIGN.md §6): a message is honoured only when it comes from the main frame of a
 * window showing the app's own page. Subframes, other origins and frames already gone are refused.
 */
import { isOwnPage } from './paths';

/** The parts of an `IpcMainEvent` the check reads; structural so forged events are easy to test. */
export interface SenderLike {
  readonly senderFrame: FrameLike | null;
  readonly sender: { readonly mainFrame: FrameLike | null } | null;
}
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

export function isTrustedSender(event: SenderLike, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || !event.sender) return false;
  // Both must hold: the main frame of the sending contents, and a top-level frame.
  if (frame !== event.sender.mainFrame || frame.parent !== null) return false;
  return isOwnPage(frame.url, rendererUrl);
}
