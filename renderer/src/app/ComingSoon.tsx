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

export const COMING_SOON: Record<'dashboard', Upcoming> = {
  dashboard: {
    title: 'Dashboard',
    summary: 'an overview across your accounts.',
    items: ['Health and lifecycle at a glance', 'Hours used against contracts', 'Open action items and SLA clocks'],
  },
};
