import { fuzzSuite } from './fuzz';
import { postgresBackend } from './harness';

fuzzSuite(postgresBackend);
