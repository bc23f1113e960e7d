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
    this.catalog.require('residency', profile.homeRegion, 'homeRegion');
    this.repo.save(profile);
    return profile;
  }
}
