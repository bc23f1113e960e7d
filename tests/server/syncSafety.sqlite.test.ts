import { sqliteBackend } from './harness';
import { firstSeqBackfillSuite, syncSafetySuite } from './syncSafety';

syncSafetySuite(sqliteBackend);
firstSeqBackfillSuite(sqliteBackend);
