import { randomBytes } from 'node:crypto';

/** 32 characters: digits and capitals without 0/O and 1/I, so a number read aloud or typed is unambiguous. */
export const OFFER_NUMBER_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const GROUPS = 3;
const GROUP_LENGTH = 4;

/**
 * A new offer number such as `ANG-7KQ4-MZ2C-W9PX`: 12 characters of 5 bits each, i.e. 60 bits from
 * the operating system's CSPRNG, unbiased (256 is a multiple of 32). Unguessable by trying, yet
 * short enough to read over the phone.
 */
export function newOfferNumber(): string {
  const bytes = randomBytes(GROUPS * GROUP_LENGTH);
  const chars = [...bytes].map((b) => OFFER_NUMBER_ALPHABET[b & 31]);
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++)
    groups.push(chars.slice(g * GROUP_LENGTH, (g + 1) * GROUP_LENGTH).join(''));
  return `ANG-${groups.join('-')}`;
}

/** An offer number as typed by a person, in the stored form (upper case, no spaces). */
export function normalizeOfferNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}
