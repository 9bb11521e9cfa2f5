/**
 * What differs between "Sign in with Google" and "Sign in with Microsoft" for a mailbox: the
 * issuer, the scopes that grant IMAP and SMTP, how to ask for a refresh token, the mail servers,
 * and which ID-token claim is the mailbox address. Endpoints are never listed here: they come
 * from the issuer's discovery document.
 */
export type MailOAuthProviderId = 'google' | 'microsoft';

export interface MailServerPreset {
  host: string;
  port: number;
  /** Implicit TLS; false: STARTTLS, required. */
  secure: boolean;
}

export interface MailOAuthPreset {
  id: MailOAuthProviderId;
  label: string;
  /** The issuer when the operator does not override it; Microsoft's depends on the tenant. */
  defaultIssuer(tenant: string): string;
  scopes: readonly string[];
  /** Extra authorization parameters (Google returns a refresh token only with these). */
  authParams: Readonly<Record<string, string>>;
  /** Microsoft wants the scopes again on every refresh; Google does not. */
  refreshScope: string | null;
  imap: MailServerPreset;
  smtp: MailServerPreset;
  /** The mailbox address the verified ID token names, or null (then nothing is saved). */
  mailboxAddress(claims: Record<string, unknown>): string | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const GOOGLE: MailOAuthPreset = {
  id: 'google',
  label: 'Google',
  defaultIssuer: () => 'https://accounts.google.com',
  scopes: ['openid', 'email', 'https://mail.google.com/'],
  // Google issues a refresh token only for offline access, and only on consent (not on a silent re-login).
  authParams: { access_type: 'offline', prompt: 'consent' },
  refreshScope: null,
  imap: { host: 'imap.gmail.com', port: 993, secure: true },
  smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
  mailboxAddress(claims) {
    // An unverified address could be anyone's: Google marks the ones it checked.
    const email = claims.email;
    return typeof email === 'string' && EMAIL.test(email) && claims.email_verified === true ? email : null;
  },
};

const MICROSOFT_SCOPES = [
  'https://outlook.office.com/IMAP.AccessAsUser.All',
  'https://outlook.office.com/SMTP.Send',
  'offline_access',
];

export const MICROSOFT: MailOAuthPreset = {
  id: 'microsoft',
  label: 'Microsoft',
  defaultIssuer: (tenant) => `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/v2.0`,
  scopes: ['openid', 'email', ...MICROSOFT_SCOPES],
  authParams: {},
  refreshScope: MICROSOFT_SCOPES.join(' '),
  imap: { host: 'outlook.office365.com', port: 993, secure: true },
  smtp: { host: 'smtp.office365.com', port: 587, secure: false },
  mailboxAddress(claims) {
    // Work accounts often carry no `email` claim; the sign-in name is the mailbox (UPN).
    for (const value of [claims.email, claims.preferred_username]) {
      if (typeof value === 'string' && EMAIL.test(value)) return value;
    }
    return null;
  },
};

export const MAIL_OAUTH_PRESETS: Readonly<Record<MailOAuthProviderId, MailOAuthPreset>> = {
  google: GOOGLE,
  microsoft: MICROSOFT,
};
