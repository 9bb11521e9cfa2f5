/**
 * AppServices for tests: real BigCommerce connection tests (against the simulator via
 * `testConnection`), real storage, and a tiny stand-in pipeline that drafts a fixed reply a
 * moment after a message arrives, so live updates can be observed. Every call is recorded.
 */
import { EventEmitter } from 'node:events';
import { collectEvidence, type WithheldField } from '../../assistant/evidence/index.js';
import { createBigCommerceStore, testConnection } from '../../bigcommerce/index.js';
import { searchConversationStore } from '../../app/customer-search.js';
import type { CustomerContext } from '../../context/types.js';
import type { Repositories } from '../../db/index.js';
import { parseEmail } from '../../email/index.js';
import type { AppServices, MailboxTestResult, MessageEvent } from '../services.js';
import { resolveThreadKey } from '../../pipeline/threading.js';
import { createShadowProgressHub } from '../../shadow/index.js';

export interface FakeServices extends AppServices {
  calls: { sent: number[]; regenerated: number[]; ingested: number[]; mailboxTests: unknown[] };
  /** Resolves when every scheduled draft has been written. */
  settle(): Promise<void>;
  /** Make the next sendDraft fail with this message. */
  failNextSend(message: string): void;
  /** Set by a test before it starts a shadow run from the page (no IMAP server needed). */
  shadowRunOverrides?: AppServices['shadowRunOverrides'];
  /**
   * What testMailbox answers from now on for the servers it is given (null: the login works);
   * `null` restores the default, where every login works.
   */
  scriptMailboxTest(result: Partial<MailboxTestResult> | null): void;
}

export function createFakeServices(options: {
  repos: Repositories;
  apiUrl: string;
  draftDelayMs?: number;
  /** A real mailbox test (see `createMailboxTester`) instead of the scripted one. */
  mailboxTester?: AppServices['testMailbox'];
  /** Sends for real (see `createDraftSender`) instead of only marking the draft sent. */
  draftSender?: AppServices['sendDraft'];
}): FakeServices {
  const { repos } = options;
  const emitter = new EventEmitter();
  const pending = new Set<Promise<void>>();
  let sendFailure: string | null = null;
  let mailboxScript: Partial<MailboxTestResult> | null = null;
  const calls: FakeServices['calls'] = { sent: [], regenerated: [], ingested: [], mailboxTests: [] };
  const emit = (e: MessageEvent) => emitter.emit('message', e);

  async function draft(workspaceId: number, messageId: number): Promise<void> {
    const message = await repos.messages.get(workspaceId, messageId);
    const text = `Hi there,\n\nYour order #101 shipped with UPS. Tracking: 1Z999.\n\nThe Test Store team`;
    const context = sampleContext(message.fromAddress);
    await repos.drafts.saveDraftForMessage(workspaceId, messageId, {
      subject: `Re: ${message.subject}`,
      text,
      composer: 'builtin',
      context,
      evidence: collectEvidence(text, context, SAMPLE_WITHHELD),
    });
    emit({ workspaceId, messageId });
  }

  function schedule(workspaceId: number, messageId: number): void {
    const job = new Promise<void>((resolve) => setTimeout(resolve, options.draftDelayMs ?? 0))
      .then(() => draft(workspaceId, messageId))
      .catch(() => undefined)
      .finally(() => pending.delete(job));
    pending.add(job);
  }

  return {
    calls,
    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    failNextSend(message) {
      sendFailure = message;
    },
    scriptMailboxTest(result) {
      mailboxScript = result;
    },
    async ingestRaw(input) {
      const parsed = await parseEmail(input.raw);
      const result = await repos.messages.storeIncoming(input.workspaceId, input.inboxId, {
        messageId: parsed.messageId,
        threadKey: await resolveThreadKey(repos, input.workspaceId, input.inboxId, parsed),
        fromAddress: parsed.from?.address ?? '',
        fromName: parsed.from?.name ?? null,
        subject: parsed.subject,
        receivedAt: new Date(),
        raw: input.raw,
        bodyText: parsed.text,
      });
      calls.ingested.push(result.message.id);
      if (result.created) {
        emit({ workspaceId: input.workspaceId, messageId: result.message.id });
        schedule(input.workspaceId, result.message.id);
      }
      return { messageId: result.message.id, created: result.created };
    },
    async regenerateDraft(workspaceId, messageId) {
      calls.regenerated.push(messageId);
      await draft(workspaceId, messageId);
    },
    async sendDraft(workspaceId, draftId, actor, sendOptions = {}) {
      if (sendOptions.token !== undefined) {
        // A scheduled send: only while the draft still carries its token (not undone, not replaced).
        const scheduled = await repos.drafts.get(workspaceId, draftId);
        if (scheduled.status !== 'approved' || scheduled.sendToken !== sendOptions.token) return;
      }
      if (sendFailure) {
        const message = sendFailure;
        sendFailure = null;
        throw Object.assign(new Error(message), { statusCode: 502 });
      }
      calls.sent.push(draftId);
      if (options.draftSender) await options.draftSender(workspaceId, draftId, actor, sendOptions);
      const current = await repos.drafts.get(workspaceId, draftId);
      if (current.status !== 'sent') await repos.drafts.setStatus(workspaceId, draftId, 'sent');
      emit({ workspaceId, messageId: current.messageId });
    },
    searchCustomers: (workspaceId, messageId, query) =>
      searchConversationStore(
        repos,
        (store) => createBigCommerceStore({ ...store, apiUrl: options.apiUrl, maxRetries: 0, timeoutMs: 5_000 }),
        workspaceId,
        messageId,
        query,
      ),
    async testBigCommerce(input) {
      return testConnection({ ...input, apiUrl: options.apiUrl, maxRetries: 0, timeoutMs: 5_000 });
    },
    async testMailbox(input) {
      calls.mailboxTests.push(input);
      if (options.mailboxTester) return options.mailboxTester(input);
      return {
        imap: input.imap ? (mailboxScript?.imap ?? null) : null,
        smtp: input.smtp ? (mailboxScript?.smtp ?? null) : null,
      };
    },
    events: {
      on: (event, listener) => void emitter.on(event, listener),
      off: (event, listener) => void emitter.off(event, listener),
    },
    shadowProgress: createShadowProgressHub(),
    config: {
      apiUrl: options.apiUrl,
      smtpReceiverAddressFor: (inbox) => `inbox-${inbox.forwardingToken}@in.snoooz.test`,
      smtpReceiverLegacyAddressFor: (inbox) => (inbox.legacyForwarding ? `inbox-${inbox.id}@in.snoooz.test` : null),
    },
  };
}

const money = (amount: string) => ({ amount, currency: 'USD' });

/** A small but complete context: customer, one shipped order with an item and a tracked shipment. */
/** What the stand-in pipeline's drafts were not given (as the real one would list it). */
export const SAMPLE_WITHHELD: WithheldField[] = [
  { record: 'customer', recordId: 9, field: 'phone', reason: 'not read: the workspace does not allow phone numbers' },
  {
    record: 'order',
    recordId: 101,
    field: 'payment method and status',
    reason: 'not needed to answer a shipping question',
  },
];

export function sampleContext(senderEmail: string): CustomerContext {
  const order = {
    id: 101,
    isGuest: false,
    dateCreated: '2025-11-10T12:00:00.000Z',
    dateShipped: '2025-11-12T09:00:00.000Z',
    status: { id: 2, name: 'Shipped', label: 'Shipped', explanation: 'it has shipped' },
    total: money('59.90'),
    subtotal: money('49.90'),
    shippingCost: money('10.00'),
    tax: money('0.00'),
    refundedAmount: money('0.00'),
    paymentMethod: 'Credit Card',
    paymentStatus: 'captured',
    itemsTotal: 2,
    itemsShipped: 2,
    items: [
      {
        lineId: 1,
        productId: 77,
        name: 'Trail Mug',
        sku: 'MUG-TRAIL',
        quantity: 2,
        quantityShipped: 2,
        quantityRefunded: 0,
        price: money('24.95'),
        total: money('49.90'),
        options: [{ name: 'Colour', value: 'Green' }],
      },
    ],
    shipments: [
      {
        id: 5,
        dateCreated: '2025-11-12T09:00:00.000Z',
        carrier: 'UPS',
        trackingNumber: '1Z999',
        trackingLink: 'https://www.ups.com/track?tracknum=1Z999',
        shippingMethod: 'Ground',
        items: [{ lineId: 1, name: 'Trail Mug', sku: 'MUG-TRAIL', quantity: 2 }],
      },
    ],
    shipTo: null,
  };
  return {
    senderEmail: senderEmail.toLowerCase(),
    store: { hash: 'abc123', name: 'Test Store', currency: 'USD', timezone: null },
    customer: {
      id: 9,
      email: senderEmail.toLowerCase(),
      firstName: 'Maya',
      lastName: 'Lopez',
      phone: null,
      company: null,
      customerGroupId: null,
      dateCreated: '2024-01-01T00:00:00.000Z',
    },
    senderName: { firstName: 'Maya', lastName: 'Lopez' },
    orders: [order],
    focusOrder: order,
    focusReason: 'latest',
    unmatchedOrderNumbers: [],
    notices: [],
    fetchedAt: new Date().toISOString(),
  };
}
