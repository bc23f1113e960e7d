import { v7 as uuidv7, validate, version } from 'uuid';
import { z } from 'zod';

/** Record ids are UUIDv7: time-ordered, so new rows append to the primary-key index. */
export function newId(): string {
  return uuidv7();
}

export function isUuidV7(value: string): boolean {
  return validate(value) && version(value) === 7;
}

export const idSchema = z.string().refine(isUuidV7, { message: 'Not a valid record id.' });

/** The reserved partition for organisation-wide records (catalogs, templates). */
export const ORG_PARTITION = 'org';
