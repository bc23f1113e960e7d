import { AccountsService } from './accounts';
import { CatalogService } from './catalog';
import { ConflictsService } from './conflicts';
import type { ServiceContext } from './context';
import { ProfileService } from './profile';
import { TimeService } from './time';
import { TimerService } from './timer';
import { TimesheetService } from './timesheets';
import { createWorkspaceSlaServices } from './workspaceSla';
import type { WorkspaceSlaServices } from './workspaceSla';
import { createTeamServices } from './workspaceTeam';
import type { TeamServices } from './workspaceTeam';
import { ActionsService } from './actions';
import { ReviewsService } from './reviews';
import { SearchService } from './search';
import { TimelineService } from './timeline';

export interface Services {
  accounts: AccountsService;
  catalog: CatalogService;
  profile: ProfileService;
  conflicts: ConflictsService;
  time: TimeService;
  timer: TimerService;
  timesheets: TimesheetService;
  tierTerms: WorkspaceSlaServices['tierTerms'];
  contracts: WorkspaceSlaServices['contracts'];
  incidents: WorkspaceSlaServices['incidents'];
  engagements: WorkspaceSlaServices['engagements'];
  team: TeamServices['team'];
  lifecycle: TeamServices['lifecycle'];
  adoption: TeamServices['adoption'];
  actions: ActionsService;
  reviews: ReviewsService;
  search: SearchService;
  timeline: TimelineService;
}

export function createServices(ctx: ServiceContext): Services {
  const catalog = new CatalogService(ctx);
  const time = new TimeService(ctx);
  return {
    catalog,
    accounts: new AccountsService(ctx, catalog),
    profile: new ProfileService(ctx, catalog),
    conflicts: new ConflictsService(ctx),
    time,
    timer: new TimerService(ctx, time),
    timesheets: new TimesheetService(ctx, time),
    ...createWorkspaceSlaServices(ctx, catalog),
    ...createTeamServices(ctx, catalog),
    actions: new ActionsService(ctx),
    reviews: new ReviewsService(ctx),
    search: new SearchService(ctx),
    timeline: new TimelineService(ctx),
  };
}

export type { ServiceContext } from './context';
