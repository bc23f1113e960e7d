/** Vocabulary for generated names and notes: enough variety that full-text search has realistic work. */
export const COMPANY_PREFIXES = [
  'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Litware', 'Adventure', 'Proseware', 'Woodgrove', 'Lucerne',
  'Margie', 'Trey', 'Coho', 'Alpine', 'Blue Yonder', 'Fourth Coffee', 'Graphic', 'Humongous', 'Wingtip',
  'Wide World', 'Southridge', 'Relecloud', 'Consolidated', 'Datum', 'Bellows', 'Munson', 'Nod', 'School',
  'Tasmanian', 'Vanarsdel', 'Lamna',
] as const;

export const COMPANY_SUFFIXES = [
  'Bank', 'Insurance', 'Health', 'Logistics', 'Energy', 'Telecom', 'Retail', 'Airlines', 'Ministry',
  'Defence Agency', 'Railways', 'Pharma', 'Motors', 'Capital', 'Networks', 'Systems', 'Grid', 'Water',
] as const;

export const PERSON_FIRST = [
  'Ana', 'Ben', 'Chloe', 'Dev', 'Emeka', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jia', 'Kofi', 'Lena', 'Mateo',
  'Nadia', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq',
] as const;

export const PERSON_LAST = [
  'Ruiz', 'Okafor', 'Schmidt', 'Tanaka', 'Novak', 'Haddad', 'Larsen', 'Mensah', 'Kowalski', 'Silva',
  'Nguyen', 'Cohen',
] as const;

export const NOTE_WORDS = [
  'upgrade', 'cluster', 'failover', 'latency', 'replication', 'kubernetes', 'storage', 'backup', 'restore',
  'migration', 'datacenter', 'outage', 'patch', 'firmware', 'throughput', 'quota', 'snapshot', 'encryption',
  'certificate', 'renewal', 'roadmap', 'adoption', 'workshop', 'escalation', 'capacity', 'forecast',
  'observability', 'dashboard', 'alerting', 'runbook', 'sovereign', 'residency', 'compliance', 'audit',
  'change', 'window', 'maintenance', 'customer', 'asked', 'about', 'planned', 'blocked', 'waiting', 'on',
  'vendor', 'release', 'feature', 'request', 'tier', 'premier', 'onsite', 'review', 'quarterly', 'business',
  'the', 'a', 'for', 'with', 'after', 'before', 'next', 'week', 'team', 'network', 'gateway', 'api', 'sdk',
  'terraform', 'ansible', 'proxy', 'mirror', 'airgap', 'bundle', 'disaster', 'recovery', 'rpo', 'rto',
] as const;
