/** The sign-in page. */
import { html } from '../html.js';
import { banner, page } from './layout.js';

export interface LoginView {
  csrfToken: string;
  next: string;
  email?: string;
  error?: string | null;
  demo?: { email: string; password: string } | null;
  /** After accepting an invitation or resetting the password. */
  notice?: string | null;
}

export function loginPage(view: LoginView): string {
  const demo = view.demo ?? null;
  return page({
    title: 'Sign in',
    page: 'login',
    body: html`<section class="card login">
      <h1>Sign in to Snoooz</h1>
      <p class="lead">Your AI assistant for store support email.</p>
      ${view.notice ? banner('ok', view.notice) : ''} ${view.error ? banner('error', view.error) : ''}
      ${demo ? banner('info', html`Demo account: <code>${demo.email}</code> / <code>${demo.password}</code>`) : ''}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value="${view.csrfToken}" />
        <input type="hidden" name="next" value="${view.next}" />
        <label for="email">Email</label>
        <input
          id="email"
          name="email"
          type="email"
          autocomplete="username"
          required
          autofocus
          value="${view.email ?? demo?.email ?? ''}"
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value="${demo?.password ?? ''}"
        />
        <div class="actions"><button type="submit">Sign in</button></div>
      </form>
      <p><a href="/forgot-password">Forgot password?</a></p>
    </section>`,
  });
}
