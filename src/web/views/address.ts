/**
 * A sender address is shown exactly as received. One with a non-ASCII character gets a visible
 * mark listing those characters: "\u212Aate@shop.example" (Kelvin sign) looks like
 * kate@shop.example on screen, but is another mailbox.
 */
import { isAscii } from '../../shared/email-identity.js';
import { html, type SafeHtml } from '../html.js';

export function nonAsciiMark(address: string): SafeHtml | '' {
  if (isAscii(address)) return '';
  const codes = [...new Set([...address].filter((char) => !isAscii(char)))].map(
    (char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
  return html` <span class="badge failed" title="The address contains ${codes.join(', ')}">non-ASCII address</span>`;
}
