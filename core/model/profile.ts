import { z } from 'zod';
import { PERSON_ROLES } from './enums';

/** The local person ("me") before a device registers with a server. Local to this device, never synced. */
export const profileSchema = z.object({
  name: z.string().trim().min(1, { error: 'Your name is required.' }).max(200),
  email: z.email({ error: 'Enter an email address like name@example.com.' }),
  role: z.enum(PERSON_ROLES, { error: 'Choose a role.' }),
  homeRegion: z.string().trim().min(1, { error: 'Choose a home region.' }).max(64),
  timeZone: z.string().refine(isTimeZone, { error: 'Unknown time zone.' }),
});
export type Profile = z.infer<typeof profileSchema>;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}
