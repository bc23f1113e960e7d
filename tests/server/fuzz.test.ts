import { fuzzSuite } from './fuzz';
import { sqliteBackend } from './harness';

fuzzSuite(sqliteBackend);
