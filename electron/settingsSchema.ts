/**
 * The desktop settings and their validation, free of Electron so they are tested in plain Node.
 * A damaged or hand-edited settings file never stops the app: each bad field falls back to its default.
 */
import { z } from 'zod';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const windowBoundsSchema = z
  .object({
    x: z.number().int().optional(),
    y: z.number().int().optional(),
    width: z.number().int().min(400).max(20_000),
    height: z.number().int().min(300).max(20_000),
    maximized: z.boolean().optional(),
  })
  .strict();
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

/** An account/category pair the tray offers to start or switch to (names only for display). */
export const trayRecentSchema = z
  .object({
    accountId: z.string().min(1).max(64),
    category: z.string().min(1).max(64),
    sku: z.string().max(64).nullable(),
    accountName: z.string().max(200).nullable(),
  })
  .strict();

export const settingsSchema = z.object({
  windowBounds: windowBoundsSchema.nullable(),
  theme: z.enum(THEMES),
  /** null: the default folder under the user's app data. */
  dataDir: z.string().min(1).max(4096).nullable(),
  /** The tray's recently used timers, newest first. */
  trayRecent: z.array(trayRecentSchema).max(10),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = { windowBounds: null, theme: 'system', dataDir: null, trayRecent: [] };

/** Reads whatever is stored, keeping each valid field and defaulting each invalid one. */
export function parseSettings(raw: unknown): Settings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const field = <K extends keyof Settings>(key: K): Settings[K] => {
    const parsed = settingsSchema.shape[key].safeParse(source[key]);
    return parsed.success ? (parsed.data as Settings[K]) : DEFAULT_SETTINGS[key];
  };
  return { windowBounds: field('windowBounds'), theme: field('theme'), dataDir: field('dataDir'), trayRecent: field('trayRecent') };
}

/** Validates one field before it is written; throws a readable error for a bad value. */
export function validateSetting<K extends keyof Settings>(key: K, value: unknown): Settings[K] {
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (!parsed.success) throw new Error(`Invalid value for setting "${key}".`);
  return parsed.data as Settings[K];
}
