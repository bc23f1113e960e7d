import { FieldbookError, GLOBAL_RESIDENCY } from '../model';
import type { Profile } from '../model';
import { ProfileRepo } from '../store/profileRepo';
import type { CatalogService } from './catalog';
import type { ServiceContext } from './context';

export class ProfileService {
  private readonly repo: ProfileRepo;

  constructor(
    ctx: ServiceContext,
    private readonly catalog: CatalogService,
  ) {
    this.repo = new ProfileRepo(ctx.store);
  }

  get(): Profile | null {
    return this.repo.get();
  }

  save(profile: Profile): Profile {
    if (profile.homeRegion === GLOBAL_RESIDENCY) {
      const message = 'Choose the region you work from; "Global" is not a region.';
      throw new FieldbookError('invalid', message, { fields: { homeRegion: message } });
    }
    this.catalog.require('residency', profile.homeRegion, 'homeRegion');
    this.repo.save(profile);
    return profile;
  }
}
