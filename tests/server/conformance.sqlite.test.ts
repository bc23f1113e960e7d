import { conformanceSuite } from './conformance';
import { sqliteBackend } from './harness';

conformanceSuite(sqliteBackend);
