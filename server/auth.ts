import { createHash, randomBytes } from 'node:crypto';

/**
 * Device tokens: 32 random bytes, shown once; only their SHA-256 is stored. A token this long needs no slow
 * hash: there is nothing to brute-force that is shorter than the token itself.
 */
export function newDeviceToken(): string {
  return `fbd_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
