import type { StoreData } from '../../simulator/index.js';

type SimOrder = StoreData['orders'][number];

interface Sample {
  from: { name: string; email: string };
  subject: string;
  body: string;
  headers?: Record<string, string>;
}

/**
 * Sample customer emails written against the demo store's real data, so the demo shows each kind
 * of question answered from the store: tracking, split shipments, items, payment, a refund
 * request, other languages, an unknown sender and an auto-reply that is skipped.
 */
export function buildDemoEmails(store: StoreData, inbox: string): string[] {
  const customers = new Map(store.customers.map((customer) => [customer.id, customer]));
  const used = new Set<string>();
  const registered = (predicate: (order: SimOrder) => boolean): SimOrder | undefined =>
    newestFirst(store.orders).find((order) => {
      const owner = order.customer_id ? customers.get(order.customer_id) : undefined;
      if (!owner || used.has(owner.email) || !predicate(order)) return false;
      // The sample must be about the owner's latest order, as a real "where is it?" email would be.
      const latest = newestFirst(store.orders).find((other) => other.customer_id === order.customer_id);
      if (latest?.id !== order.id) return false;
      used.add(owner.email);
      return true;
    });
  const guest = newestFirst(store.orders).find((order) => !order.customer_id && order.status_id === 11);
  const samples: Sample[] = [];
  const who = (order: SimOrder | undefined): { name: string; email: string } | null => {
    const customer = order?.customer_id ? customers.get(order.customer_id) : undefined;
    return customer ? { name: `${customer.first_name} ${customer.last_name}`, email: customer.email } : null;
  };

  const shipped = registered((order) => order.status_id === 2 && (order.shipments?.length ?? 0) > 0);
  const split = registered((order) => order.status_id === 3 && (order.shipments?.length ?? 0) > 0);
  const multiItem = registered((order) => order.products.length > 1);
  const refund = registered((order) => order.status_id === 10 || order.status_id === 2);
  const german = registered((order) => order.status_id === 2 || order.status_id === 9);
  const spanish = registered((order) => order.status_id === 11 || order.status_id === 7);
  const french = registered(() => true);

  const push = (order: SimOrder | undefined, build: (from: { name: string; email: string }) => Sample): void => {
    const from = who(order);
    if (from) samples.push(build(from));
  };
  push(shipped, (from) => ({
    from,
    subject: 'Where is my order?',
    body: `Hi,\n\nI ordered a few days ago and haven't received anything yet. Where is my stuff?\n\nThanks,\n${firstName(from.name)}`,
  }));
  push(split, (from) => ({
    from,
    subject: `Order #${split?.id} only partly arrived`,
    body: `Hello, I only got part of order #${split?.id}. Has the rest shipped?\n\n${from.name}`,
  }));
  push(multiItem, (from) => ({
    from,
    subject: 'Quick question',
    body: `Hi there, can you remind me what I ordered in order ${multiItem?.id}? I need it for my records.\n\nBest,\n${from.name}`,
  }));
  if (guest) {
    samples.push({
      from: {
        name: `${guest.billing_address.first_name} ${guest.billing_address.last_name}`,
        email: guest.billing_address.email,
      },
      subject: 'Payment',
      body: 'Hi, did my card go through? I checked out as a guest and want to be sure the order was placed.',
    });
  }
  push(refund, (from) => ({
    from,
    subject: `Refund for order ${refund?.id}`,
    body: `Hello,\n\nThe jacket from order #${refund?.id} is the wrong size. I'd like a refund please.\n\nRegards,\n${from.name}`,
  }));
  push(german, (from) => ({
    from,
    subject: 'Wo bleibt meine Bestellung?',
    body: `Hallo,\n\nwo bleibt meine Bestellung ${german?.id}? Gibt es schon eine Sendungsnummer?\n\nViele Grüße\n${from.name}`,
  }));
  push(spanish, (from) => ({
    from,
    subject: 'Estado de mi pedido',
    body: `Hola, ¿me pueden decir el estado de mi pedido ${spanish?.id}? Gracias.\n\n${from.name}`,
  }));
  push(french, (from) => ({
    from,
    subject: 'Mes coordonnées',
    body: `Bonjour,\n\nPouvez-vous vérifier les informations que vous avez sur mon compte client ?\n\nMerci,\n${from.name}`,
  }));
  samples.push({
    from: { name: 'Alex Newcomer', email: 'alex.newcomer@example.net' },
    subject: 'Has my order shipped?',
    body: 'Hi, has my order shipped yet? Thanks, Alex',
  });
  samples.push({
    from: { name: 'Office Autoresponder', email: 'office@example.org' },
    subject: 'Out of office: Re: your message',
    body: 'I am out of the office until Monday and will reply when I return.',
    headers: { 'Auto-Submitted': 'auto-replied' },
  });

  return samples.map((sample, index) => toMime(sample, inbox, index));
}

function newestFirst(orders: SimOrder[]): SimOrder[] {
  return [...orders].sort((a, b) => Date.parse(b.date_created) - Date.parse(a.date_created) || b.id - a.id);
}

function firstName(name: string): string {
  return name.split(' ')[0] ?? name;
}

function toMime(sample: Sample, inbox: string, index: number): string {
  const date = new Date(Date.UTC(2026, 10, 20, 9, index * 7)).toUTCString().replace('GMT', '+0000');
  const headers = {
    From: `${displayName(sample.from.name)} <${sample.from.email}>`,
    To: inbox,
    Subject: sample.subject,
    Date: date,
    'Message-ID': `<demo-${index + 1}@mail.example>`,
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Transfer-Encoding': '8bit',
    ...sample.headers,
  };
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${name === 'From' ? value : encodeHeader(value)}`)
    .join('\r\n');
  return `${head}\r\n\r\n${sample.body.replace(/\n/g, '\r\n')}\r\n`;
}

function displayName(name: string): string {
  const encoded = encodeHeader(name);
  return encoded === name ? `"${name.replace(/["\\]/g, '')}"` : encoded;
}

/** RFC 2047 for non-ASCII header values, so names and subjects survive any mail parser. */
function encodeHeader(value: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
