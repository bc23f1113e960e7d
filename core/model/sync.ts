/** The outcome of one sync pass with one server: what the CLI prints and the Sync page shows. */
export interface SyncSummary {
  target: string;
  pushed: number;
  rejected: number;
  pulled: number;
  skipped: number;
  revoked: string[];
  purged: number;
  pending: number;
}
