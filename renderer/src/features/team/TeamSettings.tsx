import { CatalogSettings } from '../adoption/CatalogSettings';
import { TemplatesSettings } from '../lifecycle/TemplatesSettings';
import { PeopleSettings } from './PeopleSettings';

/** The Settings sections of the team, lifecycle and adoption domain. */
export function TeamSettings() {
  return (
    <>
      <PeopleSettings />
      <TemplatesSettings />
      <CatalogSettings />
    </>
  );
}
