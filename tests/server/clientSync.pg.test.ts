import { syncBasicsSuite } from '../core/syncBasicsSuite';
import { postgresBackend } from './harness';

// The client sync basics against the PostgreSQL server.
syncBasicsSuite(postgresBackend);
