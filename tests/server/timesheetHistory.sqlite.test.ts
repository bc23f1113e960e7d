import { sqliteBackend } from './harness';
import { timesheetHistorySuite } from './timesheetHistory';

timesheetHistorySuite(sqliteBackend);
