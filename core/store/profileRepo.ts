import type { Profile } from '../model';
import type { Store } from './store';

/** The local person. Purely local state: not a synced table. */
export class ProfileRepo {
  constructor(private readonly store: Store) {}

  get(): Profile | null {
    const row = this.store.db.prepare<[], { data: string }>('SELECT data FROM local_profile WHERE id = 1').get();
    return row ? (JSON.parse(row.data) as Profile) : null;
  }

  save(profile: Profile): void {
    this.store.db
      .prepare(
        `INSERT INTO local_profile (id, data, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      )
      .run(JSON.stringify(profile), this.store.now().toISOString());
  }
}
