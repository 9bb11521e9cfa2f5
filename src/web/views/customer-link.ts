/**
 * The "Customer" card beside the Store data: who the conversation's store data belongs to, and the
 * agent's search of the store (email, name or order number) to link the right customer when the
 * sender writes from another address. Works without JavaScript: search is a GET, link a POST.
 */
import type { CustomerLinkView } from '../../db/index.js';
import {
  CUSTOMER_SEARCH_KINDS,
  type CustomerSearchKind,
  type CustomerSearchResult,
} from '../../shared/customer-search.js';
import { html, type SafeHtml } from '../html.js';
import { formatDate } from './layout.js';

export interface CustomerLinkState {
  messageId: number;
  csrf: string;
  link: CustomerLinkView | null;
  /** The customer the draft's context names (matched by address, or the linked one). */
  matched: { id: number; name: string; email: string } | null;
  search: {
    by: CustomerSearchKind;
    q: string;
    result: CustomerSearchResult | null;
    /** One line when the search could not run (bad query, store unreachable). */
    error: string | null;
  } | null;
  timeZone: string;
}

const KIND_LABELS: Record<CustomerSearchKind, string> = {
  order: 'Order number',
  email: 'Email',
  name: 'Name',
};

export function customerLinkSection(state: CustomerLinkState): SafeHtml {
  const { link, matched, messageId } = state;
  const lead = link
    ? html`<p>
          Linked by ${link.linkedByName ?? 'a former member'} on ${formatDate(link.linkedAt, state.timeZone)} to customer
          #${String(link.customerId)}${matched && matched.id === link.customerId ? html` (${matched.name}, ${matched.email})` : ''}.
          Replies still go to the sender.
        </p>
        <form method="post" action="/messages/${String(messageId)}/unlink-customer">
          <input type="hidden" name="_csrf" value="${state.csrf}" />
          <button type="submit" class="secondary">Unlink</button>
        </form>`
    : matched
      ? html`<p class="muted">Matched by the sender's address: ${matched.name} (${matched.email}). Not the right customer? Search the store.</p>`
      : html`<p>No store customer has the sender's address. Find the customer by order number, email or name.</p>`;
  return html`<section class="card" id="customer-link" aria-labelledby="link-title">
    <h2 id="link-title">Customer</h2>
    ${lead} ${searchForm(state)} ${results(state)}
  </section>`;
}

function searchForm(state: CustomerLinkState): SafeHtml {
  const by = state.search?.by ?? 'order';
  return html`<form method="get" action="/messages/${String(state.messageId)}#customer-link" class="customer-search" role="search">
    <label for="link-by">Search by</label>
    <select id="link-by" name="by">
      ${CUSTOMER_SEARCH_KINDS.map(
        (kind) => html`<option value="${kind}" ${kind === by ? 'selected' : ''}>${KIND_LABELS[kind]}</option>`,
      )}
    </select>
    <label for="link-q">Search the store</label>
    <input id="link-q" name="q" type="search" maxlength="254" required value="${state.search?.q ?? ''}" />
    <button type="submit" class="secondary">Search</button>
  </form>`;
}

function results(state: CustomerLinkState): SafeHtml | '' {
  const search = state.search;
  if (!search) return '';
  if (search.error) return html`<p class="error" role="alert">${search.error}</p>`;
  const result = search.result;
  if (!result) return '';
  const order = result.order
    ? html`<p class="muted">
        Order #${String(result.order.id)}${result.order.dateCreated ? html` of ${formatDate(result.order.dateCreated, state.timeZone)}` : ''},
        ${result.order.status}.
      </p>`
    : '';
  if (result.customers.length === 0) {
    return html`${order}
      <p role="status">${result.note ?? 'No customer found.'}</p>`;
  }
  return html`${order}
    <ul class="customer-results" aria-label="Customers found">
      ${result.customers.map(
        (c) => html`<li data-customer="${String(c.id)}">
          <strong>${`${c.firstName} ${c.lastName}`.trim() || c.email}</strong>
          <span class="muted">${c.email}${c.company ? ` · ${c.company}` : ''} · customer #${String(c.id)}</span>
          ${
            state.link?.customerId === c.id
              ? html`<span class="badge">Linked</span>`
              : html`<form method="post" action="/messages/${String(state.messageId)}/link-customer">
                  <input type="hidden" name="_csrf" value="${state.csrf}" />
                  <input type="hidden" name="by" value="${search.by}" />
                  <input type="hidden" name="q" value="${search.q}" />
                  <input type="hidden" name="customer_id" value="${String(c.id)}" />
                  <button type="submit">Link to this conversation</button>
                </form>`
          }
        </li>`,
      )}
    </ul>`;
}
