import { useAccounts } from '../../app/context';
import { AccountForm } from './AccountForm';
import { AccountList } from './AccountList';
import { AccountPage } from './AccountPage';

/** One area, three views; the list keeps its query and selection while you edit and come back. */
export function AccountsPage() {
  const view = useAccounts((s) => s.view);
  switch (view.kind) {
    case 'list':
      return <AccountList />;
    case 'new':
      return <AccountForm key="new" id={null} />;
    case 'edit':
      return <AccountForm key={view.id} id={view.id} />;
    case 'page':
      return <AccountPage key={view.id} id={view.id} tab={view.tab} focus={view.focus} jump={view.jump} />;
  }
}
