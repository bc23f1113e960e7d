import { postgresBackend } from './harness';
import { firstSeqBackfillSuite, syncSafetySuite } from './syncSafety';

syncSafetySuite(postgresBackend);
firstSeqBackfillSuite(postgresBackend);
