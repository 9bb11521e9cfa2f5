import Fastify, { type FastifyInstance } from 'fastify';
import type { ContextOrder, CustomerContext } from '../context/types.js';
import type { PipelineResult } from '../pipeline/process-email.js';
import { toDraftJson } from '../pipeline/draft-json.js';
import { html, type SafeHtml } from './html.js';
import { DEMO_CSS } from './demo-style.js';

export interface DemoEntry {
  id: number;
  receivedAt: string;
  result: PipelineResult;
}

export interface DemoAppOptions {
  storeName: string;
  entries: () => DemoEntry[];
}

/** The demo's read-only pages: each sample email with its store context and draft side by side. */
export function buildDemoApp(options: DemoAppOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/api/messages', async () =>
    options.entries().map((entry) => ({ id: entry.id, receivedAt: entry.receivedAt, ...toDraftJson(entry.result) })),
  );
  app.get('/', async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return renderPage(options.storeName, options.entries()).toString();
  });
  return app;
}

function renderPage(storeName: string, entries: DemoEntry[]): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Snoooz demo inbox</title>
<style>${DEMO_CSS}</style>
</head>
<body>
<header><h1>Snoooz</h1><p>Demo inbox, connected to <strong>${storeName}</strong> (BigCommerce simulator). Read-only: nothing is ever changed in the store.</p></header>
<main>
${entries.map(renderEntry)}
</main>
</body>
</html>`;
}

function renderEntry(entry: DemoEntry): SafeHtml {
  const { result } = entry;
  const state = result.skipped ? 'skipped' : result.draft ? 'drafted' : 'received';
  return html`<article class="message" id="message-${entry.id}">
  <header>
    <span class="badge ${state}">${state}</span>
    <h2>${result.email.subject || '(no subject)'}</h2>
    <p class="meta">From ${result.email.from?.name ?? ''} &lt;${result.email.from?.address ?? 'unknown'}&gt;
      · intent <strong>${result.understanding.intent.replace(/_/g, ' ')}</strong> · language ${result.understanding.language}</p>
  </header>
  <div class="columns">
    <section aria-label="Email"><h3>Email</h3><pre>${result.email.newestText}</pre></section>
    <section aria-label="Store context"><h3>Store context</h3>${
      result.context ? renderContext(result.context) : html`<p>${result.skipped?.reason ?? ''}</p>`
    }</section>
    <section aria-label="Draft"><h3>Draft</h3>${
      result.draft
        ? html`<p class="meta">${result.draft.composer} composer · ${result.delivery?.action ?? ''}: ${result.delivery?.reason ?? ''}</p><pre>${result.draft.text}</pre>`
        : html`<p>No draft: ${result.skipped?.reason ?? 'nothing to answer'}.</p>`
    }</section>
  </div>
</article>`;
}

function renderContext(context: CustomerContext): SafeHtml {
  const customer = context.customer;
  return html`${
    customer
      ? html`<p><strong>${customer.firstName} ${customer.lastName}</strong><br>${customer.email}${customer.company ? html`<br>${customer.company}` : ''}</p>`
      : html`<p>No customer record for ${context.senderEmail}${context.orders.length ? ' (guest orders only)' : ''}.</p>`
  }
  ${context.orders.length ? html`<ul class="orders">${context.orders.map((order) => renderOrder(order, context.focusOrder?.id === order.id))}</ul>` : html`<p>No orders under this address.</p>`}
  ${context.notices.length ? html`<ul class="notices">${context.notices.map((notice) => html`<li>${notice.message}</li>`)}</ul>` : ''}`;
}

function renderOrder(order: ContextOrder, focus: boolean): SafeHtml {
  return html`<li class="${focus ? 'focus' : ''}">
    <strong>#${order.id}</strong> ${order.status.label} · ${order.total.amount} ${order.total.currency}${focus ? html` <em>(focus)</em>` : ''}
    ${order.items ? html`<ul>${order.items.map((item) => html`<li>${item.quantity} × ${item.name}${item.sku ? ` (${item.sku})` : ''}</li>`)}</ul>` : ''}
    ${order.shipments?.length ? html`<ul>${order.shipments.map((shipment) => html`<li>${shipment.carrier ?? 'Shipment'} ${shipment.trackingNumber ?? ''}${shipment.trackingLink ? html` · <a href="${shipment.trackingLink}" rel="noreferrer">track</a>` : ''}</li>`)}</ul>` : ''}
  </li>`;
}
