import { sqliteBackend } from '../server/harness';
import { bundleSuite } from './bundleSuite';

bundleSuite(sqliteBackend);
