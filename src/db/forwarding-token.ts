/**
 * The secret part of an inbox's forwarding address, `inbox-<token>@<receiver domain>`: 128 random
 * bits in lower-case base32 (RFC 4648 alphabet, 26 characters, no padding). Base32 rather than
 * base64url because relays and mail clients may change the case of a local part, so the token
 * must survive case folding with its full strength (it is matched without ASCII case).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
export const FORWARDING_TOKEN_BYTES = 16;
export const FORWARDING_TOKEN_LENGTH = Math.ceil((FORWARDING_TOKEN_BYTES * 8) / 5);
export const FORWARDING_TOKEN_PATTERN = new RegExp(`^[a-z2-7]{${FORWARDING_TOKEN_LENGTH}}$`);

export function newForwardingToken(): string {
  return base32(randomBytes(FORWARDING_TOKEN_BYTES));
}

function base32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
