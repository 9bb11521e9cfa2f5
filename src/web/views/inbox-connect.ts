/** The pages around "Sign in with Google / Microsoft": a failed connection, and the operator's setup steps. */
import { html } from '../html.js';
import { banner, page, type ShellUser } from './layout.js';

export function connectFailedPage(user: ShellUser | null, view: { text: string; provider: string | null }): string {
  return page({
    title: 'Mailbox not connected',
    nav: 'inboxes',
    user,
    body: html`<h1>Mailbox not connected</h1>
      ${banner('error', view.text)}
      <p><a class="button" href="/inboxes">Back to Inboxes</a></p>`,
  });
}

export interface ConnectHelpView {
  redirectUri: string | null;
  available: Array<{ id: string; label: string }>;
  problems: string[];
}

/** What the operator registers with Google and Microsoft (the README has the same steps). */
export function connectHelpPage(user: ShellUser | null, view: ConnectHelpView): string {
  const redirect = view.redirectUri ?? 'SNOOOZ_PUBLIC_URL + /inboxes/connect/callback';
  return page({
    title: 'Set up Sign in with Google or Microsoft',
    nav: 'inboxes',
    user,
    body: html`<h1>Set up Sign in with Google or Microsoft</h1>
      <p class="lead">
        ${
          view.available.length
            ? `Set up here: ${view.available.map((p) => p.label).join(' and ')}.`
            : 'Not set up on this server yet.'
        }
      </p>
      ${view.problems.map((line) => banner('info', line))}
      <h2>Both providers</h2>
      <ul>
        <li>Set <code>SNOOOZ_PUBLIC_URL</code> to the address people open Snoooz at.</li>
        <li>Register this redirect URI with the provider: <code class="mono">${redirect}</code></li>
        <li>The client secret is read from the environment only and never shown on a page.</li>
      </ul>
      <h2>Google Workspace or Gmail</h2>
      <ol>
        <li>In Google Cloud Console, create an OAuth client of type "Web application" with the redirect URI above.</li>
        <li>
          On the consent screen, add the scopes <code>openid</code>, <code>email</code> and
          <code>https://mail.google.com/</code> (a restricted scope: an app used outside your own Workspace needs
          Google's verification).
        </li>
        <li>Set <code>SNOOOZ_GOOGLE_CLIENT_ID</code> and <code>SNOOOZ_GOOGLE_CLIENT_SECRET</code>, then restart.</li>
      </ol>
      <h2>Microsoft 365</h2>
      <ol>
        <li>
          In Microsoft Entra ID, register an application (any organization's accounts, or only yours) with a Web
          redirect URI as above, and create a client secret.
        </li>
        <li>
          Add the delegated permissions <code>IMAP.AccessAsUser.All</code> and <code>SMTP.Send</code> (Office 365
          Exchange Online), <code>offline_access</code>, <code>openid</code> and <code>email</code>.
        </li>
        <li>SMTP AUTH must be enabled for the mailbox (Microsoft 365 admin center, the mailbox's Mail settings).</li>
        <li>
          Set <code>SNOOOZ_MICROSOFT_CLIENT_ID</code>, <code>SNOOOZ_MICROSOFT_CLIENT_SECRET</code> and
          <code>SNOOOZ_MICROSOFT_TENANT</code> (your tenant id, or <code>common</code>), then restart.
        </li>
      </ol>
      <p><a href="/inboxes">Back to Inboxes</a></p>`,
  });
}
