import type { Migration } from './types';
import { migration as m0001 } from './0001_initial';
import { migration as m0002 } from './0002_outbox';
import { migration as m0003 } from './0003_conflicts';
import { migration as m0004 } from './0004_contracts_time';
import { migration as m0005 } from './0005_time';
import { migration as m0006 } from './0006_sla';
import { migration as m0007 } from './0007_team';
import { migration as m0008 } from './0008_reviews';
import { migration as m0009 } from './0009_sync_safety';
import { migration as m0011 } from './0011_search';
import { migration as m0012 } from './0012_reports';
import { migration as m0013 } from './0013_search_workspace';
import { migration as m0015 } from './0015_reports_covering';
import { migration as m0016 } from './0016_reports_adoption';

/** The one ordered migration list. Append only; never edit or reorder a landed entry. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0011, m0012, m0013, m0015, m0016];
export type { Migration } from './types';
