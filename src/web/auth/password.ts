/**
 * Password hashing for logins (web login, `snoooz user create`, the demo user).
 * argon2id with the library's defaults (64 MiB, 3 passes): OWASP's recommended shape, and the
 * parameters travel inside the encoded hash, so raising them later keeps old hashes verifiable.
 */
import argon2 from 'argon2';

/** Upper bound so a megabyte "password" cannot be used to burn CPU. */
export const MAX_PASSWORD_LENGTH = 1_000;

export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string' || password.length === 0) throw new Error('The password is empty.');
  if (password.length > MAX_PASSWORD_LENGTH) throw new Error('The password is too long.');
  return argon2.hash(password, { type: argon2.argon2id });
}

/** False for a wrong password, an over-long one, or a hash that is not argon2 (never throws). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  if (typeof hash !== 'string' || !hash.startsWith('$argon2')) return false;
  if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A fixed hash to verify against when the email is unknown, so a login for a missing user costs
 * as much time as one for a real user and response timing does not reveal which emails exist.
 */
let dummyHash: Promise<string> | null = null;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('snoooz-timing-equaliser');
  await verifyPassword(await dummyHash, password.slice(0, MAX_PASSWORD_LENGTH));
  return false;
}
