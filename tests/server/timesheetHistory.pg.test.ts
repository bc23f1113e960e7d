import { postgresBackend } from './harness';
import { timesheetHistorySuite } from './timesheetHistory';

timesheetHistorySuite(postgresBackend);
