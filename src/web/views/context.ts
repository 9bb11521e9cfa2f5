/**
 * The BigCommerce context stored with a draft, shown beside the email so the reviewer can check
 * every fact the reply states: customer, recent orders, focus order, items, shipments, notices.
 */
import type { ContextOrder, CustomerContext } from '../../context/types.js';
import { html, type SafeHtml } from '../html.js';
import { ago, formatDate, isoInstant } from './layout.js';

function money(m: { amount?: string; currency?: string } | null | undefined): string {
  return m && m.amount !== undefined ? `${m.amount} ${m.currency ?? ''}`.trim() : '—';
}

/** Drafts store their context as JSON; older or foreign shapes are shown as "not available". */
export function asContext(value: unknown): CustomerContext | null {
  if (!value || typeof value !== 'object') return null;
  const c = value as Partial<CustomerContext>;
  return typeof c.senderEmail === 'string' && Array.isArray(c.orders) && Array.isArray(c.notices)
    ? (c as CustomerContext)
    : null;
}

/** `timeZone`: the workspace's; store dates are instants and are shown in it like every other time. */
export function contextPanel(context: CustomerContext | null, timeZone: string): SafeHtml {
  if (!context) {
    return html`<section class="card" aria-labelledby="ctx-title">
      <h2 id="ctx-title">Store data</h2>
      <p class="muted">No BigCommerce data is attached to this message yet.</p>
    </section>`;
  }
  const c = context.customer;
  return html`<section class="card" aria-labelledby="ctx-title">
    <h2 id="ctx-title">Store data</h2>
    <p class="muted">
      ${context.store ? html`From <strong>${context.store.name}</strong>, read ` : 'Read '}
      <time datetime="${isoInstant(context.fetchedAt)}" title="${formatDate(context.fetchedAt, timeZone)}">${ago(context.fetchedAt)}</time>.
    </p>
    ${context.notices.map((n) => html`<p class="notice">${n.message}</p>`)}
    <h3>Customer</h3>
    ${
      c
        ? html`<dl class="facts">
            <dt>Name</dt>
            <dd>${`${c.firstName} ${c.lastName}`.trim() || '—'}</dd>
            <dt>Email</dt>
            <dd>${c.email}</dd>
            ${
              c.phone
                ? html`<dt>Phone</dt>
                    <dd>${c.phone}</dd>`
                : ''
            }
            ${
              c.company
                ? html`<dt>Company</dt>
                    <dd>${c.company}</dd>`
                : ''
            }
            <dt>Customer since</dt>
            <dd>${formatDate(c.dateCreated, timeZone)}</dd>
          </dl>`
        : html`<p class="muted">
            No customer record for ${context.senderEmail}${context.orders.length ? ' (guest orders found)' : ''}.
          </p>`
    }
    ${context.unmatchedOrderNumbers.length ? html`<p class="notice">Order number(s) not found for this sender: ${context.unmatchedOrderNumbers.map((n) => `#${n}`).join(', ')}</p>` : ''}
    ${context.focusOrder ? focusOrder(context.focusOrder, context.focusReason, timeZone) : ''}
    <h3>Recent orders</h3>
    ${
      context.orders.length
        ? html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Order</th>
                  <th scope="col">Date</th>
                  <th scope="col">Status</th>
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                ${context.orders.map(
                  (o) =>
                    html`<tr>
                      <td>#${o.id}${o.isGuest ? ' (guest)' : ''}</td>
                      <td>${formatDate(o.dateCreated, timeZone)}</td>
                      <td>${o.status.label}</td>
                      <td>${money(o.total)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">No orders under this address.</p>`
    }
  </section>`;
}

function focusOrder(o: ContextOrder, reason: CustomerContext['focusReason'], timeZone: string): SafeHtml {
  return html`<h3>
      Order #${o.id} <span class="muted">(${reason === 'mentioned' ? 'mentioned in the email' : 'latest order'})</span>
    </h3>
    <dl class="facts">
      <dt>Status</dt>
      <dd>
        ${o.status.label}${o.status.label !== o.status.name ? ` (${o.status.name})` : ''} — ${o.status.explanation}
      </dd>
      <dt>Placed</dt>
      <dd>${formatDate(o.dateCreated, timeZone)}</dd>
      <dt>Total</dt>
      <dd>${money(o.total)}</dd>
      ${
        o.paymentStatus
          ? html`<dt>Payment</dt>
              <dd>${o.paymentMethod ?? ''} ${o.paymentStatus}</dd>`
          : ''
      }
      ${
        o.shipTo
          ? html`<dt>Ships to</dt>
              <dd>${[o.shipTo.street, o.shipTo.city, o.shipTo.zip, o.shipTo.country].filter(Boolean).join(', ')}</dd>`
          : ''
      }
    </dl>
    <h3>Items</h3>
    ${
      o.items
        ? html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Qty</th>
                  <th scope="col">Shipped</th>
                </tr>
              </thead>
              <tbody>
                ${o.items.map(
                  (i) =>
                    html`<tr>
                      <td>
                        ${i.name}${i.options.length ? html`<br /><span class="muted">${i.options.map((op) => `${op.name}: ${op.value}`).join(', ')}</span>` : ''}
                      </td>
                      <td class="mono">${i.sku ?? '—'}</td>
                      <td>${i.quantity}</td>
                      <td>${i.quantityShipped}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : html`<p class="muted">Items were not read for this order.</p>`
    }
    <h3>Shipments</h3>
    ${
      o.shipments === null
        ? html`<p class="muted">Shipments could not be read.</p>`
        : o.shipments.length === 0
          ? html`<p class="muted">Not shipped yet.</p>`
          : o.shipments.map(
              (s) =>
                html`<dl class="facts">
                  <dt>Carrier</dt>
                  <dd>${s.carrier ?? '—'}${s.shippingMethod ? ` · ${s.shippingMethod}` : ''}</dd>
                  <dt>Tracking</dt>
                  <dd class="mono">${s.trackingNumber ?? '—'}</dd>
                  ${
                    s.trackingLink
                      ? html`<dt>Link</dt>
                          <dd>
                            <a href="${safeUrl(s.trackingLink)}" rel="noopener noreferrer" target="_blank"
                              >Track shipment</a
                            >
                          </dd>`
                      : ''
                  }
                  <dt>Shipped</dt>
                  <dd>${formatDate(s.dateCreated, timeZone)}</dd>
                  <dt>Contents</dt>
                  <dd>
                    ${s.items.map((i) => `${i.quantity} × ${i.name || i.sku || `line ${i.lineId}`}`).join(', ') || '—'}
                  </dd>
                </dl>`,
            )
    }`;
}

/** Tracking links come from store data: only http(s) may become a link. */
function safeUrl(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}
