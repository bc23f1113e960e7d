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

/** A server reached by bundle files across an air gap, as the Sync page and the CLI show it. */
export interface BundleTargetInfo {
  id: string;
  name: string;
  /** The server's key fingerprint, to compare with what its administrator reads out. */
  fingerprint: string;
  region: string;
  residencies: string[];
  /** Local changes this server may hold that it has not acknowledged yet. */
  pending: number;
  /** When a bundle from this server was last imported. */
  lastImportAt: string | null;
  lastExportAt: string | null;
  lastError: string | null;
  /** Why bundles may not be exchanged until new keys are enrolled (a restored or copied database); null when they may. */
  suspended: string | null;
}

/** This device's bundle identity: null until its keys are created. */
export interface BundleDeviceInfo {
  name: string;
  fingerprint: string;
  /** The public key file to hand to the server's administrator (JSON text). */
  keyFile: string;
}

export interface BundleStatus {
  device: BundleDeviceInfo | null;
  targets: BundleTargetInfo[];
}

/** What a bundle export wrote. */
export interface BundleExportSummary {
  bundleId: string;
  seq: number;
  target: string;
  /** Changes in the bundle. */
  ops: number;
  /** Changes that did not fit and wait for the next bundle. */
  remaining: number;
  fileName: string;
}

/** What importing a server's bundle did here. */
export interface BundleImportSummary extends SyncSummary {
  bundleId: string;
  seq: number;
  /** The server's name, from its pinned key file. */
  from: string;
  /** Local changes the server acknowledged with this bundle (they left the outbox). */
  acknowledged: number;
  /** More changes wait on the server: export again and bring its answer. */
  hasMore: boolean;
  /** The bundle was imported before: nothing changed. */
  duplicate: boolean;
  /** Something the user should know (a clock off, changes missing on the server); null when all went through. */
  note: string | null;
}
