/** Pages reached from a mail or the sign-in page: accept an invitation, forgot password, reset. */
import { html, type SafeHtml } from '../html.js';
import { banner, page } from './layout.js';

export const MIN_PASSWORD_LENGTH = 10;

function passwordFields(autocompleteHint: string): SafeHtml {
  return html`<label for="password">${autocompleteHint}</label>
    <input
      id="password"
      name="password"
      type="password"
      autocomplete="new-password"
      required
      minlength="${MIN_PASSWORD_LENGTH}"
      maxlength="1000"
      aria-describedby="password-hint"
    />
    <p class="hint" id="password-hint">At least ${MIN_PASSWORD_LENGTH} characters.</p>
    <label for="confirm">Repeat the password</label>
    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxlength="1000" />`;
}

function linkGone(title: string, what: string): string {
  return page({
    title,
    page: 'account',
    body: html`<section class="card login">
      <h1>${title}</h1>
      ${banner('error', `This ${what} link is not valid any more: it was used, withdrawn or has expired.`)}
      <p><a href="/login">Sign in</a> or <a href="/forgot-password">reset your password</a>.</p>
    </section>`,
  });
}

export function invitePage(view: {
  token: string;
  workspaceName: string;
  email: string;
  hasAccount: boolean;
  name?: string;
  error?: string | null;
}): string {
  return page({
    title: 'Join the workspace',
    page: 'account',
    body: html`<section class="card login">
      <h1>Join ${view.workspaceName}</h1>
      <p class="lead">You were invited as <strong>${view.email}</strong>.</p>
      ${view.error ? banner('error', view.error) : ''}
      <form method="post" action="/invite/${view.token}">
        ${
          view.hasAccount
            ? html`<p>You already have a Snoooz account: accept, then sign in with your password.</p>
              <input type="hidden" name="name" value="-" />`
            : html`<label for="name">Your name</label>
              <input id="name" name="name" type="text" required maxlength="200" autocomplete="name" value="${view.name ?? ''}" />
              ${passwordFields('Choose a password')}`
        }
        <div class="actions"><button type="submit">${view.hasAccount ? 'Accept invitation' : 'Create account and join'}</button></div>
      </form>
    </section>`,
  });
}

export const inviteGonePage = (): string => linkGone('Invitation', 'invitation');
export const resetGonePage = (): string => linkGone('Reset password', 'reset');

export function forgotPage(view: { email?: string; sent?: boolean; error?: string | null }): string {
  return page({
    title: 'Forgot password',
    page: 'account',
    body: html`<section class="card login">
      <h1>Forgot your password?</h1>
      ${view.error ? banner('error', view.error) : ''}
      ${
        view.sent
          ? banner(
              'ok',
              'If an account uses that address, we sent it a link to choose a new password. It works once, for 30 minutes.',
            )
          : html`<p class="lead">Enter your email address and we will send you a link to choose a new one.</p>`
      }
      <form method="post" action="/forgot-password">
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="username" required maxlength="320" value="${view.email ?? ''}" />
        <div class="actions"><button type="submit">Send reset link</button></div>
      </form>
      <p><a href="/login">Back to sign in</a></p>
    </section>`,
  });
}

export function resetPage(view: { token: string; error?: string | null }): string {
  return page({
    title: 'Reset password',
    page: 'account',
    body: html`<section class="card login">
      <h1>Choose a new password</h1>
      <p class="lead">Setting it signs you out everywhere.</p>
      ${view.error ? banner('error', view.error) : ''}
      <form method="post" action="/reset-password/${view.token}">
        ${passwordFields('New password')}
        <div class="actions"><button type="submit">Set new password</button></div>
      </form>
    </section>`,
  });
}
