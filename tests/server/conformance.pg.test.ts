import { conformanceSuite } from './conformance';
import { postgresBackend } from './harness';

conformanceSuite(postgresBackend);
