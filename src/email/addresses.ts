import type { AddressObject, EmailAddress } from 'mailparser';
import type { MailAddress } from './types.js';

type AddressHeader = AddressObject | AddressObject[] | undefined;

/** Every mailbox in an address header, group members included, as written (trimmed). */
export function mailboxes(header: AddressHeader): MailAddress[] {
  const objects = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return objects.flatMap((object) => flatten(object.value)).flatMap((entry) => toMailAddress(entry) ?? []);
}

export function firstMailbox(header: AddressHeader): MailAddress | null {
  return mailboxes(header)[0] ?? null;
}

export function addressList(header: AddressHeader): string[] {
  return mailboxes(header).map((mailbox) => mailbox.address);
}

function flatten(entries: EmailAddress[]): EmailAddress[] {
  return entries.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
}

function toMailAddress(entry: EmailAddress): MailAddress | null {
  const address = (entry.address ?? '').trim();
  const name = entry.name.trim();
  if (address !== '') return { address, name: name === '' ? null : name };
  // "From: MAILER-DAEMON" is a bare local part; the address parser files it as a name, but it is
  // the sender's address and the loop guard has to see it.
  if (name !== '' && !/\s/.test(name)) return { address: name, name: null };
  return null;
}
