import type { ImportService } from '../io/import/service';
import type { TimeIoApi } from '../io/timeIo';
import { weeklyPack } from '../io/weeklyPack';
import type { ReportsService } from '../reports';
import { FieldbookError } from '../model';
import type { Services } from '../services';
import type { AppInfo, Conflict } from './contract';
import type { Handlers } from './dispatcher';
import type { InstallationApi } from './installation';
import type { SyncApi } from './sync';
import { workspaceSlaHandlers } from './workspaceSlaHandlers';
import { reviewsHandlers } from './reviewsHandlers';

/** What the handlers are built from: the services, and the parts assembled beside them in core.ts. */
export interface HandlerDeps {
  services: Services;
  info: () => AppInfo;
  sync: SyncApi;
  installation: InstallationApi;
  imports: ImportService;
  timeIo: TimeIoApi;
  reports: ReportsService;
}

/** Joins the services into the contract's handler map; the type checker proves every method is handled. */
export function createHandlers({ services, info, sync, installation, imports, timeIo, reports }: HandlerDeps): Handlers {
  return {
    'app.info': () => info(),
    'profile.get': () => services.profile.get(),
    'profile.save': (input) => services.profile.save(input),
    'catalog.list': ({ kind }) => services.catalog.list(kind),
    'accounts.list': (query) => services.accounts.list(query),
    'accounts.get': ({ id }) => services.accounts.get(id),
    'accounts.create': (input) => services.accounts.create(input),
    'accounts.update': (input) => services.accounts.update(input),
    'accounts.delete': ({ id }) => services.accounts.delete(id),
    'accounts.restore': ({ id }) => services.accounts.restore(id),
    'sync.status': () => sync.status(),
    'sync.register': (input) => sync.register(input),
    'sync.run': () => sync.run(),
    'conflicts.list': () => conflictsWithLabels(services),
    'conflicts.restore': ({ id }) => services.conflicts.restore(id),
    'conflicts.dismiss': ({ id }) => services.conflicts.dismiss(id),
    'time.list': (query) => services.time.list(query),
    'time.add': (draft) => services.time.add(draft),
    'time.update': (input) => services.time.update(input),
    'time.delete': ({ id }) => services.time.delete(id),
    'time.restore': ({ id }) => services.time.restore(id),
    'time.adjust': (input) => services.time.adjust(input),
    'time.setCell': (input) => services.time.setCell(input),
    'time.week': ({ week }) => services.timesheets.week(week),
    'time.today': () => services.time.todayMinutes(services.timer.runningMinutesToday()),
    'time.skus': ({ accountId, date }) => services.time.skus(accountId, date),
    'time.entitlement': ({ accountId, date }) => services.time.entitlement(accountId, date),
    'time.settings.get': () => services.timer.settings(),
    'time.settings.save': (settings) => services.timer.saveSettings(settings),
    'timer.get': () => services.timer.get(),
    'timer.start': (input) => services.timer.start(input),
    'timer.stop': () => services.timer.stop(),
    'timer.switch': (input) => services.timer.switch(input),
    'timer.discard': () => services.timer.discard(),
    'timer.resolveIdle': (decision) => services.timer.resolveIdle(decision),
    'timer.notice': () => services.timer.notice(),
    'timer.resolveLimit': ({ minutes }) => services.timer.resolveLimit(minutes),
    'timesheet.get': ({ userId, week }) => services.timesheets.view(userId ?? services.time.currentUser().userId, week),
    'timesheet.submit': ({ week }) => services.timesheets.submit(week),
    'timesheet.withdraw': ({ week }) => services.timesheets.withdraw(week),
    'timesheet.approve': ({ userId, week }) => services.timesheets.approve(userId, week),
    'timesheet.reject': ({ userId, week, reason }) => services.timesheets.reject(userId, week, reason),
    'timesheet.pending': () => services.timesheets.pending(),
    'timesheet.approveEntry': ({ id }) => services.timesheets.approveEntry(id),
    'timesheet.rejectEntry': ({ id, reason }) => services.timesheets.rejectEntry(id, reason),
    ...workspaceSlaHandlers(services),
    'people.list': () => services.team.directory(),
    'people.save': (input) => services.team.savePerson(input),
    'people.delete': ({ id }) => services.team.deletePerson(id),
    'people.restore': ({ id }) => services.team.restorePerson(id),
    'team.get': ({ accountId }) => services.team.team(accountId),
    'team.add': (input) => services.team.addMember(input),
    'team.remove': ({ id }) => services.team.removeMember(id),
    'team.restore': ({ id }) => services.team.restoreMember(id),
    'contacts.list': ({ accountId }) => services.team.listContacts(accountId),
    'contacts.create': (input) => services.team.createContact(input),
    'contacts.update': (input) => services.team.updateContact(input),
    'contacts.delete': ({ id }) => services.team.deleteContact(id),
    'contacts.restore': ({ id }) => services.team.restoreContact(id),
    'rotation.save': (input) => services.team.saveRotation(input),
    'rotation.delete': ({ accountId }) => services.team.deleteRotation(accountId),
    'lifecycle.get': ({ accountId }) => services.lifecycle.history(accountId),
    'lifecycle.move': (input) => services.lifecycle.move(input),
    'lifecycle.tick': (input) => services.lifecycle.tick(input),
    'lifecycle.overview': () => services.lifecycle.overview(),
    'lifecycle.templates': ({ stage }) => services.lifecycle.templates(stage),
    'lifecycle.saveTemplate': (input) => services.lifecycle.saveTemplateItem(input),
    'lifecycle.deleteTemplate': ({ id }) => services.lifecycle.deleteTemplateItem(id),
    'lifecycle.restoreTemplate': ({ id }) => services.lifecycle.restoreTemplateItem(id),
    'adoption.get': ({ accountId }) => services.adoption.forAccount(accountId),
    'adoption.set': (input) => services.adoption.set(input),
    'adoption.portfolio': () => services.adoption.portfolio(),
    'adoption.capabilities': () => services.adoption.catalog(),
    'adoption.saveCapability': (input) => services.adoption.saveCapability(input),
    'adoption.deleteCapability': ({ code }) => services.adoption.deleteCapability(code),
    'adoption.restoreCapability': ({ code }) => services.adoption.restoreCapability(code),
    ...reviewsHandlers(services),
    'app.policy': () => installation.policy(),
    'app.versions': () => installation.versions(),
    'search.query': (input) => services.search.query(input),
    'timeline.list': (input) => services.timeline.list(input),
    'import.types': () => imports.types(),
    'import.begin': (input) => imports.begin(input),
    'import.chunk': (input) => imports.chunk(input),
    'import.preview': (input) => imports.preview(input),
    'import.commit': (input) => imports.commit(input),
    'timesheet.export': (input) => timeIo.export(input),
    'time.import.preview': (input) => timeIo.preview(input),
    'time.import.commit': (input) => timeIo.commit(input),
    'bundles.status': () => sync.bundles.status(),
    'bundles.createKeys': (input) => sync.bundles.createKeys(input),
    'bundles.trust': (input) => sync.bundles.trust(input),
    'bundles.export': (input) => sync.bundles.export(input),
    'bundles.upload': (input) => sync.bundles.upload(input),
    'bundles.import': (input) => sync.bundles.import(input),
    'reports.metrics': (query) => reports.report(query),
    'reports.weekly': (query) => weeklyPack(reports, query),
  };
}

/** Open conflicts, each with its account's name (null when the account is gone from this device). */
function conflictsWithLabels(services: Services): Conflict[] {
  const names = new Map<string, string | null>();
  const nameOf = (accountId: string): string | null => {
    if (!names.has(accountId)) {
      try {
        names.set(accountId, services.accounts.get(accountId).name);
      } catch (error) {
        if (!(error instanceof FieldbookError && error.code === 'not_found')) throw error;
        names.set(accountId, null);
      }
    }
    return names.get(accountId) ?? null;
  };
  return services.conflicts.list().map((c) => ({ ...c, label: nameOf(c.accountId) }));
}
