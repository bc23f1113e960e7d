// Migration files import nothing from the app: they are frozen SQL, never edited once landed.
import type { Migration } from './types';

/**
 * Indexes for the metrics reports (core/reports): each report query reads a period across every account, which
 * the per-account indexes of earlier migrations cannot serve without a full scan.
 */
export const migration: Migration = {
  id: '0012_reports',
  up: (db) => {
    db.exec(`
      -- SLA attainment: incidents opened in the period.
      CREATE INDEX incidents_opened ON incidents (opened_at) WHERE deleted = 0;
      -- MTTR: incidents resolved in the period.
      CREATE INDEX incidents_resolved ON incidents (resolved_at) WHERE deleted = 0 AND resolved_at IS NOT NULL;
      -- Backlog: incidents still open, and action items not done, by age.
      CREATE INDEX incidents_unresolved ON incidents (opened_at) WHERE deleted = 0 AND resolved_at IS NULL;
      CREATE INDEX action_items_open_created ON action_items (created_at) WHERE deleted = 0 AND status IN ('open', 'in_progress');
      -- Hours: every entry of the period, covering, so the sums never touch the table rows.
      CREATE INDEX time_entries_date_report ON time_entries (date, account_id, billable, user_id, minutes, id) WHERE deleted = 0;
      -- Corrections replace their originals; the reports look them up by the original's id.
      CREATE INDEX time_entries_adjusts ON time_entries (adjusts_id) WHERE deleted = 0 AND adjusts_id IS NOT NULL;
      -- Adoption trend: status changes by date.
      CREATE INDEX adoption_notes_status_date ON adoption_notes (on_date) WHERE deleted = 0 AND status IS NOT NULL;
      -- Lifecycle: hand-offs by date.
      CREATE INDEX lifecycle_events_at ON lifecycle_events (at) WHERE deleted = 0;
    `);
  },
};
