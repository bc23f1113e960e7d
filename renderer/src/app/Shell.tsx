import { useCallback, useEffect, useRef, useState } from 'react';
import { AccountsPage } from '../features/accounts/AccountsPage';
import { SettingsPage } from '../features/profile/SettingsPage';
import { SyncPage } from '../features/sync/SyncPage';
import { TimeOverlay } from '../features/time/TimeOverlay';
import { TimePage } from '../features/time/TimePage';
import { AdoptionPage } from '../features/adoption/AdoptionPage';
import { LifecyclePage } from '../features/lifecycle/LifecyclePage';
import { ShellNotices } from '../features/desktop/ShellNotices';
import { ImportDialogHost } from '../features/import/ImportDialog';
import { Toaster } from '../ui/Toaster';
import { CommandPalette } from './CommandPalette';
import { useApp, useNav } from './context';
import { IntegrityBanner } from './IntegrityBanner';
import { Sidebar } from './Sidebar';
import { MyItemsPage } from '../features/actions/MyItemsPage';
import { ReminderNotice } from '../features/actions/ReminderNotice';
import { ReviewsPortfolio } from '../features/reviews/ReviewsPortfolio';
import { DashboardPage } from '../features/metrics/DashboardPage';

function Page() {
  const area = useNav((s) => s.area);
  switch (area) {
    case 'accounts':
      return <AccountsPage />;
    case 'settings':
      return <SettingsPage />;
    case 'sync':
      return <SyncPage />;
    case 'time':
      return <TimePage />;
    case 'adoption':
      return <AdoptionPage />;
    case 'lifecycle':
      return <LifecyclePage />;
    case 'actions':
      return <MyItemsPage />;
    case 'reviews':
      return <ReviewsPortfolio />;
    case 'dashboard':
      return <DashboardPage />;
  }
}

export function Shell() {
  const { toasts } = useApp();
  const [paletteOpen, setPaletteOpen] = useState(false);
  const returnFocus = useRef<HTMLElement | null>(null);

  const openPalette = useCallback(() => {
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setPaletteOpen(true);
  }, []);
  const closePalette = useCallback((restoreFocus: boolean) => {
    setPaletteOpen(false);
    if (restoreFocus) requestAnimationFrame(() => returnFocus.current?.focus());
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (paletteOpen) closePalette(true);
        else openPalette();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [paletteOpen, openPalette, closePalette]);

  return (
    <>
      {/* While the palette is open everything behind it is inert: not focusable, not clickable, not read. */}
      <div className="shell" inert={paletteOpen}>
        <Sidebar onOpenPalette={openPalette} />
        <main className="main">
          <IntegrityBanner />
          <ReminderNotice />
          <Page />
        </main>
        <Toaster store={toasts} />
        <TimeOverlay />
        <ShellNotices />
      </div>
      {paletteOpen ? <CommandPalette onClose={closePalette} /> : null}
      <ImportDialogHost />
    </>
  );
}
