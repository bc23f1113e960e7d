import { syncSafetySuite } from '../core/syncSafetySuite';
import { postgresBackend } from './harness';

// Restored and copied databases, and snapshots of new grants, against the PostgreSQL server.
syncSafetySuite(postgresBackend);
