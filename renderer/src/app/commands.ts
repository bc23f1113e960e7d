import type { AppStores } from './context';
import { AREAS, AREA_LABELS } from './navigation';

export interface Command {
  id: string;
  label: string;
  run(): void;
}

/** Accounts, with the new-account form open: from the palette and from the desktop menu (File › New Account). */
export function openNewAccount({ nav, accounts }: Pick<AppStores, 'nav' | 'accounts'>): void {
  nav.getState().go('accounts');
  accounts.getState().show({ kind: 'new' });
}

/** The palette's commands: every area, plus the actions people reach for most. */
export function buildCommands({ nav, accounts }: AppStores): Command[] {
  const goTo = AREAS.map<Command>((area) => ({
    id: `go:${area}`,
    label: `Go to ${AREA_LABELS[area]}`,
    run: () => {
      nav.getState().go(area);
      if (area === 'accounts') accounts.getState().show({ kind: 'list' });
    },
  }));
  const newAccount: Command = {
    id: 'account:new',
    label: 'New account',
    run: () => openNewAccount({ nav, accounts }),
  };
  return [newAccount, ...goTo];
}

export function filterCommands(commands: readonly Command[], text: string): Command[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  return commands.filter((c) => words.every((w) => c.label.toLowerCase().includes(w)));
}

/** Search and import: the import dialog, over the accounts list. */
export function importCommands({ nav, accounts, imports }: AppStores): Command[] {
  return [
    {
      id: 'import:accounts',
      label: 'Import accounts from a spreadsheet…',
      run: () => {
        nav.getState().go('accounts');
        accounts.getState().show({ kind: 'list' });
        imports.getState().openDialog('accounts');
      },
    },
    ...(['contacts', 'adoption'] as const).map((type) => ({
      id: `import:${type}`,
      label: type === 'contacts' ? 'Import customer contacts from a spreadsheet…' : 'Import adoption status and notes from a spreadsheet…',
      run: () => {
        nav.getState().go('accounts');
        accounts.getState().show({ kind: 'list' });
        imports.getState().openDialog(type);
      },
    })),
  ];
}
