import { bundleSuite } from '../core/bundleSuite';
import { postgresBackend } from './harness';

// Air-gap bundles against a PostgreSQL server store.
bundleSuite(postgresBackend);
