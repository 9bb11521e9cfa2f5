/** The words of product mail. Plain text: the link must survive any mail client. */
import type { MembershipRole } from '../db/schema.js';
import type { ProductMail } from './types.js';

export function invitationMail(input: {
  to: string;
  workspaceName: string;
  inviterName: string;
  role: MembershipRole;
  link: string;
  validHours: number;
}): ProductMail {
  const as = input.role === 'owner' ? 'an owner' : 'an agent';
  return {
    kind: 'invitation',
    to: input.to,
    link: input.link,
    subject: `You are invited to ${input.workspaceName} on Snoooz`,
    text: [
      `${input.inviterName} invited you to join ${input.workspaceName} on Snoooz as ${as}.`,
      '',
      'Open this link to choose your name and password:',
      input.link,
      '',
      `The link works once and expires in ${input.validHours} hours.`,
      'If you did not expect this, ignore this email.',
    ].join('\n'),
  };
}

export function passwordResetMail(input: { to: string; link: string; validMinutes: number }): ProductMail {
  return {
    kind: 'password_reset',
    to: input.to,
    link: input.link,
    subject: 'Reset your Snoooz password',
    text: [
      'Someone asked to reset the password of your Snoooz account.',
      '',
      'Open this link to choose a new password:',
      input.link,
      '',
      `The link works once and expires in ${input.validMinutes} minutes. Setting a new password`,
      'signs you out everywhere.',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
  };
}
