/** What other features use from Time: the account page shows the contract hours summary. */
export { TimeEntitlementSummary } from './TimeEntitlementSummary';
