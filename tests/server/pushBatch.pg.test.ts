import { postgresBackend } from './harness';
import { pushBatchSuite } from './pushBatch';

pushBatchSuite(postgresBackend, 8);
