/** The 404 and error pages. */
import { html } from '../html.js';
import { page, type ShellUser } from './layout.js';

export function errorPage(status: number, message: string, user: ShellUser | null): string {
  const title = status === 404 ? 'Page not found' : status === 429 ? 'Too many attempts' : 'Something went wrong';
  const text =
    status === 404 ? 'There is nothing here. It may have moved, or it belongs to another workspace.' : message;
  return page({
    title,
    user,
    body: html`<section class="card">
      <h1>${title}</h1>
      <p class="lead">${text}</p>
      <p><a class="button secondary" href="/">Back to the inbox</a></p>
    </section>`,
  });
}
