import type { PlanPhrases } from './types.js';

export const EN_PLAN: PlanPhrases = {
  empathy(kind) {
    switch (kind) {
      case 'damaged':
        return "I'm sorry your order arrived damaged.";
      case 'wrong_item':
        return "I'm sorry you received the wrong item.";
      case 'missing_item':
        return "I'm sorry something was missing from your package.";
      case 'late':
        return "I'm sorry for the wait, and I understand how frustrating it is.";
      case 'double_charge':
        return 'I understand the worry about being charged twice, so here is exactly what we can see.';
      case 'refund_wait':
        return "I'm sorry for the wait on your refund.";
      case 'cancel_confusion':
        return "I'm sorry for the confusion about your order.";
      case 'worried':
        return 'I understand the concern, so here is exactly what we can see.';
      default:
        return "I'm sorry for the trouble.";
    }
  },

  refundedFull: (ref, amount) =>
    `Our records show that order ${ref} was refunded${amount ? `: ${amount} in total` : ''}.`,
  refundedPartial: (ref, refunded, total) =>
    `Our records show a partial refund on order ${ref}${refunded ? ` of ${refunded}` : ''}${total ? ` (the order total was ${total})` : ''}.`,
  noRefund: (ref, status) => `I can't see a refund on order ${ref}; it currently shows as ${status}.`,
  refundNext: (formal) =>
    formal
      ? 'If the amount does not appear on your statement, please reply to this email and we will look into it.'
      : "If it doesn't show up on your statement, just reply to this email and we'll look into it.",

  cancelledShown: (ref) => `Order ${ref} shows as cancelled in our system.`,
  cancelReasonHandoff: (formal) =>
    formal
      ? 'I cannot see the reason for the cancellation here, so a member of our team will look into it and reply to you.'
      : "I can't see the reason for the cancellation here, so a teammate will look into it and get back to you.",
  notCancelled: (ref, status) => `Order ${ref} is not cancelled: it currently shows as ${status}.`,

  cancelShipped: (ref, date, carrier) =>
    `Order ${ref} has already shipped${date ? ` on ${date}` : ''}${carrier ? ` with ${carrier}` : ''}, so it can no longer be cancelled before delivery. A teammate will help you with a return once it arrives.`,
  addressShipped: (ref, date, carrier) =>
    `Order ${ref} has already shipped${date ? ` on ${date}` : ''}${carrier ? ` with ${carrier}` : ''}, so its delivery address can no longer be changed on our side. A teammate will check with you what can still be done.`,
  alreadyCancelled: (ref) => `Order ${ref} already shows as cancelled.`,
  alreadyRefunded: (ref, amount) => `Order ${ref} already shows as refunded${amount ? ` (${amount})` : ''}.`,
  alreadyPartlyRefunded: (ref, amount) =>
    `Order ${ref} already shows a partial refund${amount ? ` of ${amount}` : ''}; a teammate will review the rest of your request.`,
  currentlyShows: (status) => `It currently shows as ${status}.`,

  invoiceHandoff: (ref, formal) =>
    formal
      ? `A member of our team will send you a copy of the invoice${ref ? ` for order ${ref}` : ''}.`
      : `A teammate will send you a copy of the invoice${ref ? ` for order ${ref}` : ''}.`,
  otherRequest: (ref, formal) =>
    formal
      ? `We have noted your request${ref ? ` regarding order ${ref}` : ''}; a member of our team will handle it and reply to you.`
      : `We've noted your request${ref ? ` about order ${ref}` : ''}; a teammate will take care of it and get back to you.`,
  refundedAmount: (amount) => `Refunded: ${amount}`,
  shippingCost: (amount) => `Shipping: ${amount}`,
  otherHandoff: (formal) =>
    formal
      ? 'A member of our team will reply to your other question.'
      : 'A teammate will get back to you on your other question.',
  complaintHandoff: (formal) =>
    formal
      ? 'A member of our team will look into this and reply to you with the next steps.'
      : 'A teammate will look into this and get back to you with the next steps.',
  photoRequest: (formal) =>
    formal
      ? 'If possible, please reply with a photo of the item and the packaging; it helps us resolve this quickly.'
      : 'If you can, reply with a photo of the item and the packaging; it helps us sort this out quickly.',

  detailsWithheld: (fields, formal) =>
    formal
      ? `For your privacy, we do not share your ${fields} by email; you can see them by signing in to your account on our website.`
      : `For your privacy we don't share your ${fields} by email, but you can see them anytime by signing in to your account on our website.`,
  fieldName: (field) => (field === 'phone' ? 'phone number' : 'address'),

  oneOrderSeen: (ref, date, total) =>
    `We can see one order under your email address: ${ref}${date ? `, placed on ${date}` : ''}${total ? `, for ${total}` : ''}.`,
  manyOrdersSeen: (count) => `We can see ${count} orders placed around the same time under your email address:`,
  orderLine: (ref, date, total, status) => `- ${ref}${date ? `, ${date}` : ''}${total ? `, ${total}` : ''}: ${status}`,

  inStock: (name) => `Good news: ${name} is in stock right now.`,
  outOfStock: (name) => `${name} is currently out of stock.`,
  preorder: (name) => `${name} is available to pre-order.`,
  notOrderable: (name) => `${name} isn't available to order at the moment.`,
  noRestockDate: "I'm afraid I don't have a restock date to share.",
  productNotFound: (formal) =>
    formal
      ? 'I could not find that product in our catalogue; a member of our team will check and reply to you.'
      : "I couldn't find that product in our catalogue; a teammate will check and get back to you.",

  thanksReply: (formal) =>
    formal ? 'Thank you for letting us know.' : "Thanks so much for letting us know, that's great to hear!",
  agentLanguageNote: (detected, reply) =>
    `The customer wrote in ${detected}; the built-in composer replied in ${reply}. Check the reply or configure an AI model to answer in the customer's language.`,
};
