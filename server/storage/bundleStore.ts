import type { SqlDriver, SqlExecutor } from './driver';

/** A device that exchanges bundle files with this server: its pinned public keys and the bundle sequence each way. */
export interface BundleDevice {
  deviceId: string;
  fingerprint: string;
  name: string;
  signKey: string;
  boxKey: string;
  /** The highest bundle seq imported from the device. */
  lastInSeq: number;
  nextOutSeq: number;
  /** The cursor the device last reported: where an answer without a bundle of its own starts. */
  cursor: number;
}

interface BundleDeviceRow {
  device_id: string;
  fingerprint: string;
  name: string;
  sign_key: string;
  box_key: string;
  last_in_seq: number;
  next_out_seq: number;
  cursor: number;
}

const toDevice = (r: BundleDeviceRow): BundleDevice => ({
  deviceId: r.device_id,
  fingerprint: r.fingerprint,
  name: r.name,
  signKey: r.sign_key,
  boxKey: r.box_key,
  lastInSeq: Number(r.last_in_seq),
  nextOutSeq: Number(r.next_out_seq),
  cursor: Number(r.cursor),
});

/** The bundle queries of the server (migration 0005), for SQLite and PostgreSQL alike. */
export class BundleStore {
  constructor(private readonly db: SqlDriver) {}

  async serverKeys(): Promise<{ name: string; privateKeys: string; createdAt: string } | null> {
    const [row] = await this.db.query<{ name: string; private_keys: string; created_at: string }>(`SELECT * FROM bundle_server_keys WHERE id = 1`);
    return row ? { name: row.name, privateKeys: row.private_keys, createdAt: row.created_at } : null;
  }

  async putServerKeys(name: string, privateKeys: string, createdAt: string): Promise<void> {
    await this.db.query(
      `INSERT INTO bundle_server_keys (id, name, private_keys, created_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, private_keys = excluded.private_keys, created_at = excluded.created_at`,
      [name, privateKeys, createdAt],
    );
  }

  async enrol(device: Omit<BundleDevice, 'lastInSeq' | 'nextOutSeq' | 'cursor'>, at: string): Promise<void> {
    await this.db.query(`INSERT INTO bundle_devices (device_id, fingerprint, name, sign_key, box_key, enrolled_at) VALUES (?, ?, ?, ?, ?, ?)`, [
      device.deviceId,
      device.fingerprint,
      device.name,
      device.signKey,
      device.boxKey,
      at,
    ]);
  }

  async byFingerprint(fingerprint: string): Promise<BundleDevice | null> {
    const [row] = await this.db.query<BundleDeviceRow>(`SELECT * FROM bundle_devices WHERE fingerprint = ?`, [fingerprint]);
    return row ? toDevice(row) : null;
  }

  async list(): Promise<BundleDevice[]> {
    return (await this.db.query<BundleDeviceRow>(`SELECT * FROM bundle_devices ORDER BY enrolled_at`)).map(toDevice);
  }

  async journaled(bundleId: string): Promise<{ direction: string; seq: number; at: string; summary: string } | null> {
    const [row] = await this.db.query<{ direction: string; seq: number; at: string; summary: string }>(
      `SELECT direction, seq, at, summary FROM bundle_journal WHERE bundle_id = ?`,
      [bundleId],
    );
    return row ? { ...row, seq: Number(row.seq) } : null;
  }

  /** Journals the bundles of one exchange and moves the device's sequences and cursor, in one transaction. */
  async recordExchange(exchange: {
    deviceId: string;
    at: string;
    incoming: { bundleId: string; seq: number; cursor: number; summary: unknown } | null;
    outgoing: { bundleId: string; seq: number; summary: unknown };
  }): Promise<void> {
    await this.db.transaction(async (tx: SqlExecutor) => {
      const { incoming, outgoing } = exchange;
      if (incoming) {
        await tx.query(
          `INSERT INTO bundle_journal (bundle_id, device_id, direction, seq, at, summary) VALUES (?, ?, 'in', ?, ?, ?) ON CONFLICT (bundle_id) DO NOTHING`,
          [incoming.bundleId, exchange.deviceId, incoming.seq, exchange.at, JSON.stringify(incoming.summary)],
        );
        await tx.query(
          `UPDATE bundle_devices SET last_in_seq = CASE WHEN last_in_seq > ? THEN last_in_seq ELSE ? END, cursor = ? WHERE device_id = ?`,
          [incoming.seq, incoming.seq, incoming.cursor, exchange.deviceId],
        );
      }
      await tx.query(`INSERT INTO bundle_journal (bundle_id, device_id, direction, seq, at, summary) VALUES (?, ?, 'out', ?, ?, ?)`, [
        outgoing.bundleId,
        exchange.deviceId,
        outgoing.seq,
        exchange.at,
        JSON.stringify(outgoing.summary),
      ]);
      await tx.query(`UPDATE bundle_devices SET next_out_seq = ? WHERE device_id = ?`, [outgoing.seq + 1, exchange.deviceId]);
    });
  }
}
