import { PageTitle } from '../ui/PageTitle';

/** An honest placeholder: says what the area will hold, and offers nothing that pretends to work. */
interface Upcoming {
  title: string;
  summary: string;
  items: readonly string[];
}

export function ComingSoon({ title, summary, items }: Upcoming) {
  return (
    <div className="page page--narrow">
      <header className="page-header">
        <PageTitle>{title}</PageTitle>
      </header>
      <section className="panel coming-soon">
        <p>
          <strong>Coming in a later release:</strong> {summary}
        </p>
        <ul>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
        <p className="muted">Nothing here works yet, and nothing you do elsewhere is lost in the meantime.</p>
      </section>
    </div>
  );
}

export const COMING_SOON: Record<'actions' | 'time' | 'reviews' | 'dashboard', Upcoming> = {
  actions: {
    title: 'My items',
    summary: 'your action items across accounts.',
    items: ['Owner, due date and status', 'Overdue first', 'A link back to the review or incident they came from'],
export const COMING_SOON: Record<'time' | 'adoption' | 'lifecycle' | 'dashboard', Upcoming> = {
  adoption: {
    title: 'Adoption',
    summary: 'which capabilities each customer has adopted.',
    items: ['A status per account and capability', 'An adoption score per account', 'A heat map across the portfolio'],
  },
  lifecycle: {
    title: 'Lifecycle',
    summary: 'the customer lifecycle and its hand-offs.',
    items: ['Accounts per stage with the owning role', 'Median time in stage', 'Hand-off checklists'],
  },
  time: {
    title: 'Time',
    summary: 'tracking time against your accounts.',
    items: [
      'A start/stop timer and manual entries per account, category and SKU',
      'Weekly timesheets you submit for approval',
      'Export of approved time',
    ],
  },
  dashboard: {
    title: 'Dashboard',
    summary: 'an overview across your accounts.',
    items: ['Health and lifecycle at a glance', 'Hours used against contracts', 'Open action items and SLA clocks'],
  },
};
