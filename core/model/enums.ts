/** Fixed enums of the product. Editable value lists live in catalogs instead (see catalog.ts). */

export const LIFECYCLE_STAGES = [
  'pre_sales',
  'onboarding',
  'production',
  'steady_state',
  'expansion_renewal',
  'churned',
] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const LIFECYCLE_STAGE_LABELS: Record<LifecycleStage, string> = {
  pre_sales: 'Pre-sales',
  onboarding: 'Onboarding',
  production: 'Production',
  steady_state: 'Steady state',
  expansion_renewal: 'Expansion / renewal',
  churned: 'Churned',
};

export const HEALTH_VALUES = ['green', 'amber', 'red'] as const;
export type Health = (typeof HEALTH_VALUES)[number];

export const HEALTH_LABELS: Record<Health, string> = { green: 'Green', amber: 'Amber', red: 'Red' };

/** Roles a person may hold in the organisation. */
export const PERSON_ROLES = ['tam', 'csm', 'se', 'ae', 'escalation_engineer', 'manager', 'admin'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const PERSON_ROLE_LABELS: Record<PersonRole, string> = {
  tam: 'Technical account manager',
  csm: 'Customer success manager',
  se: 'Solutions engineer',
  ae: 'Account executive',
  escalation_engineer: 'Escalation engineer',
  manager: 'Manager',
  admin: 'Administrator',
};
