import { sqliteBackend } from '../server/harness';
import { syncBasicsSuite } from './syncBasicsSuite';

syncBasicsSuite(sqliteBackend);
