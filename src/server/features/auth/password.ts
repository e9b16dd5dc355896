import { hash, verify } from '@node-rs/argon2';
import { releaseRequestTransaction } from '../../db/client';

// OWASP minimum for argon2id: m=19 MiB, t=2, p=1.
// algorithm 2 is Argon2id in @node-rs/argon2's Algorithm enum (a const enum, not importable here).
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashing is slow (tens of milliseconds): it never holds the request's transaction (ADR 0016). */
export async function hashPassword(password: string): Promise<string> {
  await releaseRequestTransaction();
  return hash(password, options);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies a password. Without a stored hash (unknown user) it verifies against a dummy hash,
 * so an unknown e-mail takes as long as a wrong password.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  await releaseRequestTransaction();
  if (!storedHash) {
    dummy ??= hashPassword('kontor-dummy-password-for-timing');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
