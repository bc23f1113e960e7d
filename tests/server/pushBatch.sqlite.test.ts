import { sqliteBackend } from './harness';
import { pushBatchSuite } from './pushBatch';

pushBatchSuite(sqliteBackend, 40);
