import { sqliteBackend } from '../server/harness';
import { syncSafetySuite } from './syncSafetySuite';

syncSafetySuite(sqliteBackend);
