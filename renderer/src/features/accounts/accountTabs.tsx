import type { ComponentType } from 'react';
import type { Account } from '../../../../core/model';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { AccountSummary } from './AccountSummary';
import { ContractOverviewSection } from '../sla/ContractOverviewSection';
import { ContractsPanel } from '../sla/ContractsPanel';
import { IncidentsPanel } from '../sla/IncidentsPanel';
import { EngagementsPanel } from '../sla/EngagementsPanel';
import { TeamPanel } from '../team/TeamPanel';
import { LifecyclePanel } from '../lifecycle/LifecyclePanel';
import { LifecycleSection } from '../lifecycle/LifecycleSection';
import { AdoptionPanel } from '../adoption/AdoptionPanel';
import { AccountActionsPanel } from '../actions/AccountActionsPanel';
import { AccountReviewsPanel } from '../reviews/AccountReviewsPanel';
import { TimeEntitlementSummary } from '../time/TimeEntitlementSummary';
import { AccountMetricsPanel } from '../metrics/DashboardPage';

/** One tab of the account page. Each domain adds its tab here, in the order people work through an account. */
export interface AccountTab {
  id: string;
  label: string;
  /** `focus`: a record id to scroll to and focus (a jump from search); a tab may ignore it. */
  Panel: ComponentType<{ account: Account; focus?: string | undefined }>;
}

/**
 * Sections other domains add to the Overview tab (contract and SLA targets, lifecycle stage and time in stage,
 * hours used against the entitlement), shown under the account's own fields.
 */
export const OVERVIEW_SECTIONS: ReadonlyArray<ComponentType<{ account: Account }>> = [
  ContractOverviewSection,
  LifecycleSection,
  ({ account }) => <TimeEntitlementSummary accountId={account.id} />,
];

function Overview({ account }: { account: Account }) {
  return (
    <div className="account-overview">
      <section className="panel" aria-label="Account">
        <AccountSummary account={account} />
      </section>
      {OVERVIEW_SECTIONS.map((Section, i) => (
        <Section key={i} account={account} />
      ))}
    </div>
  );
}

export const ACCOUNT_TABS: readonly AccountTab[] = [
  { id: 'overview', label: 'Overview', Panel: Overview },
  { id: 'contracts', label: 'Contracts', Panel: ContractsPanel },
  { id: 'incidents', label: 'Incidents', Panel: IncidentsPanel },
  { id: 'engagements', label: 'Engagements', Panel: EngagementsPanel },
  { id: 'team', label: 'Team', Panel: TeamPanel },
  { id: 'lifecycle', label: 'Lifecycle', Panel: LifecyclePanel },
  { id: 'adoption', label: 'Adoption', Panel: AdoptionPanel },
  { id: 'reviews', label: 'Reviews', Panel: AccountReviewsPanel },
  { id: 'actions', label: 'Action items', Panel: AccountActionsPanel },
  { id: 'timeline', label: 'Timeline', Panel: TimelinePanel },
  { id: 'metrics', label: 'Metrics', Panel: AccountMetricsPanel },
];

export function tabById(id: string): AccountTab {
  return ACCOUNT_TABS.find((t) => t.id === id) ?? (ACCOUNT_TABS[0] as AccountTab);
}
