import { statusPhrases as status, type Phrases } from './types.js';

/** English. */
export const EN: Phrases = {
  orderRef: (id) => `#${id}`,
  quote: (text) => `“${text}”`,
  greeting(name, tone) {
    if (tone === 'formal') return name ? `Dear ${name.firstName} ${name.lastName}`.trim() + ',' : 'Dear customer,';
    return name ? `Hi ${name.firstName},` : 'Hello,';
  },
  afterGreeting: (text) => text,
  closing: (tone) => (tone === 'formal' ? 'Kind regards,' : tone === 'concise' ? 'Best,' : 'Best wishes,'),
  teamSignature: (businessName) => `The ${businessName} team`,
  genericSignature: 'Customer support',

  status: {
    0: status(
      (ref) => `The checkout for order ${ref} wasn't completed, so no order was placed.`,
      "This means the checkout wasn't completed, so no order was placed.",
      'checkout not completed',
    ),
    1: status(
      (ref) =>
        `Order ${ref} was started at checkout but hasn't been completed yet, often because the payment hasn't been confirmed. Our team will check it.`,
      "This means checkout was started but not completed yet, often because the payment hasn't been confirmed. Our team will check it.",
      'pending',
    ),
    2: status((ref) => `Your order ${ref} has shipped.`, 'This means it has shipped.', 'shipped'),
    3: status(
      (ref) => `Part of your order ${ref} has shipped; the rest is still to ship.`,
      'This means part of it has shipped and the rest is still to ship.',
      'partly shipped',
    ),
    4: status((ref) => `Your order ${ref} was refunded.`, 'This means it was refunded.', 'refunded'),
    5: status((ref) => `Your order ${ref} was cancelled.`, 'This means it was cancelled.', 'cancelled'),
    6: status(
      (ref) =>
        `The payment for order ${ref} was declined, so the order wasn't completed. You're welcome to try again or use a different payment method.`,
      "This means the payment was declined, so the order wasn't completed. You're welcome to try again or use a different payment method.",
      'payment declined',
    ),
    7: status(
      (ref) => `Your order ${ref} is waiting for the payment to arrive.`,
      'This means the order is waiting for the payment to arrive.',
      'waiting for payment',
    ),
    8: status(
      (ref) => `Your order ${ref} is ready to be picked up.`,
      "This means it's ready to be picked up.",
      'ready for pickup',
    ),
    9: status(
      (ref) => `Your order ${ref} is packed and waiting for the carrier.`,
      "This means it's packed and waiting for the carrier.",
      'packed, waiting for the carrier',
    ),
    10: status(
      (ref) => `Your order ${ref} is marked as complete.`,
      'This means we have marked it as complete.',
      'complete',
    ),
    11: status(
      (ref) => `We've received the payment for your order ${ref} and are preparing it.`,
      "This means we've received your payment and are preparing your order.",
      'being prepared',
    ),
    12: status(
      (ref) => `Your order ${ref} needs a quick check by our team before it can go further.`,
      'This means it needs a quick check by our team before it can go further.',
      'being checked by our team',
    ),
    13: status(
      (ref) => `There is an open payment dispute on order ${ref}; our team will follow up with you.`,
      'This means there is an open payment dispute; our team will follow up with you.',
      'payment dispute open',
    ),
    14: status(
      (ref) => `Part of your order ${ref} was refunded.`,
      'This means part of it was refunded.',
      'partly refunded',
    ),
  },
  statusLabelled: (ref, label) => `Your order ${ref} has the status ${EN.quote(label)}.`,
  statusUnknown: (ref, label) =>
    label
      ? `Your order ${ref} has the status ${EN.quote(label)}. Our team will check what that means for you and get back to you.`
      : `Our team will check the current status of your order ${ref} and get back to you.`,

  shippedOn: (date) => `It shipped on ${date}.`,
  singleShipment(carrier, date, partial) {
    if (!carrier && !date) return null;
    return `${partial ? 'The shipped part was sent' : 'It was sent'}${carrier ? ` with ${carrier}` : ''}${date ? ` on ${date}` : ''}.`;
  },
  shipmentCount: (count, partial) =>
    partial ? `So far it has been sent in ${count} shipments.` : `It was sent in ${count} shipments.`,
  shipmentHeading: (index, count, carrier, date) =>
    `Shipment ${index} of ${count}${carrier || date ? ', sent' : ''}${carrier ? ` with ${carrier}` : ''}${date ? ` on ${date}` : ''}:`,
  trackingNumber: (value) => `Tracking number: ${value}`,
  trackingLink: (url) => `Track it here: ${url}`,
  shipmentItems: 'In this shipment:',
  stillToShip: 'Still to ship:',
  option: (name, value) => `${name}: ${value}`,

  itemsIntro: (ref, date) => `Here's what you ordered in order ${ref}${date ? `, placed on ${date}` : ''}:`,
  itemsInOrder: (ref) => `Order ${ref} contains:`,
  total: (amount) => `Total: ${amount}`,
  orderSummary(ref, date, total) {
    if (date && total) return `Order ${ref} was placed on ${date}, with a total of ${total}.`;
    if (date) return `Order ${ref} was placed on ${date}.`;
    return `The total for order ${ref} is ${total}.`;
  },
  recentOrdersIntro: 'Your other recent orders:',
  recentOrderLine: (ref, date, status) => `${ref}${date ? ` from ${date}` : ''}: ${status}`,

  placed: (ref, date) => (date ? `Your order ${ref} was placed on ${date}.` : `Your order ${ref} was placed.`),
  paymentReceived: (total) => (total ? `We've received your payment of ${total}.` : "We've received your payment."),
  paymentAuthorised: (total) =>
    total ? `Your payment of ${total} has been authorised.` : 'Your payment has been authorised.',
  paymentPending: (total) =>
    total ? `Your payment of ${total} hasn't been confirmed yet.` : "Your payment hasn't been confirmed yet.",
  paymentDeclined: (ref) => `The payment for order ${ref} was declined.`,
  paymentVoided: 'The payment for this order was voided.',
  preparing: "We're preparing it now.",

  onFileIntro: 'Here are the details we have on file for you:',
  guestIntro:
    "There's no customer account under this email address; your orders were placed as a guest. Here's what your latest order shows:",
  field(field, value) {
    const labels = { name: 'Name', email: 'Email', phone: 'Phone', company: 'Company', address: 'Address' };
    return `${labels[field]}: ${value}`;
  },
  phoneEnding: (lastDigits) => `ending in ${lastDigits}`,
  howToUpdateAccount: (formal) =>
    formal
      ? 'You can update these details at any time by signing in to your account on our website, or by replying to this email with the changes.'
      : "You can update these anytime by signing in to your account on our website, or just reply with the changes and we'll help.",
  howToUpdateGuest: (formal) =>
    formal
      ? 'If anything needs to be changed, please reply to this email with the correct details.'
      : "If anything needs changing, just reply with the correct details and we'll help.",
  noSensitiveData: 'For your security, we never share passwords or payment details by email.',

  noOrdersFound: "We couldn't find an order under this email address.",
  unmatched: (refs, count) => `We couldn't find ${count > 1 ? 'orders' : 'order'} ${refs} under this email address.`,
  askOrderDetails: (formal) =>
    formal
      ? 'Could you please reply with your order number and the email address you used at checkout? We will then look into it.'
      : 'Could you reply with your order number and the email address you used at checkout? Then we can look into it.',
  teammateWillCheck: (formal) =>
    formal
      ? 'A member of our team will check the remaining details and get back to you.'
      : 'A teammate will check the remaining details and get back to you.',
  lookupFailed: (formal) =>
    formal
      ? 'We could not look up your order details just now. A member of our team will check and get back to you.'
      : "We couldn't look up your order details just now. A teammate will check and get back to you.",

  addressChangeReceived: (ref, formal) =>
    formal
      ? `We have noted that you would like to change the delivery address${ref ? ` for order ${ref}` : ''}. A member of our team will check whether that is still possible and reply to you.`
      : `We've noted that you'd like to change the delivery address${ref ? ` for order ${ref}` : ''}. Our team will check whether that's still possible and get back to you.`,
  actionReceived(kind, ref) {
    if (kind === 'refund')
      return ref ? `We've received your refund request for order ${ref}.` : "We've received your refund request.";
    if (kind === 'cancel') return `We've received your request to cancel ${ref ? `order ${ref}` : 'your order'}.`;
    return `We've received your request to return or exchange items${ref ? ` from order ${ref}` : ''}.`;
  },
  actionReview: (formal) =>
    formal ? 'Our team will review your request and reply to you.' : 'Our team will review it and get back to you.',
  otherAck: (tone) =>
    tone === 'formal'
      ? 'Thank you for your message. A member of our team will read it and reply to you.'
      : tone === 'concise'
        ? 'Thanks for your message. A teammate will get back to you.'
        : 'Thanks for your message! A teammate will read it and get back to you.',

  nextStepShipped: (formal) =>
    formal
      ? 'If anything about the delivery does not look right, please reply to this email and we will look into it.'
      : "If anything about the delivery doesn't look right, just reply to this email and we'll look into it.",
  nextStepGeneral: (formal) =>
    formal
      ? 'If you have any further questions, please reply to this email.'
      : 'If you have any other questions, just reply to this email.',
  nextStepHelp: (formal) =>
    formal
      ? 'If there is anything specific about this order we can help with, please reply to this email.'
      : "If there's anything specific about this order we can help with, just reply to this email.",
};
