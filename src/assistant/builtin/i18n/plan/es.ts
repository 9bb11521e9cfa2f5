import type { PlanPhrases } from './types.js';

export const ES_PLAN: PlanPhrases = {
  empathy(kind) {
    switch (kind) {
      case 'damaged':
        return 'Siento mucho que tu pedido haya llegado dañado.';
      case 'wrong_item':
        return 'Siento mucho que hayas recibido un artículo equivocado.';
      case 'missing_item':
        return 'Siento mucho que faltara algo en tu paquete.';
      case 'late':
        return 'Siento mucho la espera; entiendo lo frustrante que es.';
      case 'double_charge':
        return 'Entiendo la preocupación por un posible doble cobro, así que te cuento exactamente lo que vemos.';
      case 'refund_wait':
        return 'Siento mucho la espera con tu reembolso.';
      case 'cancel_confusion':
        return 'Siento mucho la confusión con tu pedido.';
      case 'worried':
        return 'Entiendo tu preocupación, así que te cuento exactamente lo que vemos.';
      default:
        return 'Siento mucho las molestias.';
    }
  },

  refundedFull: (ref, amount) =>
    `Según nuestros registros, el pedido ${ref} fue reembolsado${amount ? `: ${amount} en total` : ''}.`,
  refundedPartial: (ref, refunded, total) =>
    `Según nuestros registros, el pedido ${ref} tiene un reembolso parcial${refunded ? ` de ${refunded}` : ''}${total ? ` (el total del pedido era ${total})` : ''}.`,
  noRefund: (ref, status) => `No veo ningún reembolso en el pedido ${ref}; ahora mismo figura como ${status}.`,
  refundNext: () => 'Si el importe no aparece en tu extracto, responde a este correo y lo revisaremos.',

  cancelledShown: (ref) => `El pedido ${ref} figura como cancelado en nuestro sistema.`,
  cancelReasonHandoff: () =>
    'Desde aquí no puedo ver el motivo de la cancelación, así que un compañero del equipo lo revisará y te responderá.',
  notCancelled: (ref, status) => `El pedido ${ref} no está cancelado: ahora mismo figura como ${status}.`,

  cancelShipped: (ref, date, carrier) =>
    `El pedido ${ref} ya se envió${date ? ` el ${date}` : ''}${carrier ? ` con ${carrier}` : ''}, así que ya no se puede cancelar antes de la entrega. Un compañero del equipo te ayudará con la devolución cuando lo recibas.`,
  addressShipped: (ref, date, carrier) =>
    `El pedido ${ref} ya se envió${date ? ` el ${date}` : ''}${carrier ? ` con ${carrier}` : ''}, así que ya no podemos cambiar la dirección de entrega. Un compañero del equipo verá contigo qué se puede hacer.`,
  alreadyCancelled: (ref) => `El pedido ${ref} ya figura como cancelado.`,
  alreadyRefunded: (ref, amount) => `El pedido ${ref} ya figura como reembolsado${amount ? ` (${amount})` : ''}.`,
  alreadyPartlyRefunded: (ref, amount) =>
    `El pedido ${ref} ya tiene un reembolso parcial${amount ? ` de ${amount}` : ''}; un compañero del equipo revisará el resto de tu solicitud.`,
  currentlyShows: (status) => `Ahora mismo figura como ${status}.`,

  invoiceHandoff: (ref) =>
    `Un compañero del equipo te enviará una copia de la factura${ref ? ` del pedido ${ref}` : ''}.`,
  otherRequest: (ref) =>
    `Hemos tomado nota de tu solicitud${ref ? ` sobre el pedido ${ref}` : ''}; un compañero del equipo se encargará y te responderá.`,
  refundedAmount: (amount) => `Importe reembolsado: ${amount}`,
  shippingCost: (amount) => `Gastos de envío: ${amount}`,
  otherHandoff: () => 'Un compañero del equipo te responderá a tu otra pregunta.',
  complaintHandoff: () => 'Un compañero del equipo lo revisará y te escribirá con los siguientes pasos.',
  photoRequest: () =>
    'Si puedes, responde con una foto del artículo y del embalaje; nos ayuda a resolverlo más rápido.',

  detailsWithheld: (fields) =>
    `Por tu privacidad no compartimos tu ${fields} por correo, pero puedes verlos cuando quieras iniciando sesión en tu cuenta en nuestra web.`,
  fieldName: (field) => (field === 'phone' ? 'teléfono' : 'dirección'),

  oneOrderSeen: (ref, date, total) =>
    `Vemos un solo pedido con tu dirección de correo: ${ref}${date ? `, realizado el ${date}` : ''}${total ? `, por ${total}` : ''}.`,
  manyOrdersSeen: (count) => `Vemos ${count} pedidos realizados en las mismas fechas con tu dirección de correo:`,
  orderLine: (ref, date, total, status) => `- ${ref}${date ? `, ${date}` : ''}${total ? `, ${total}` : ''}: ${status}`,

  inStock: (name) => `¡Buenas noticias! ${name} está en stock ahora mismo.`,
  outOfStock: (name) => `${name} está agotado en este momento.`,
  preorder: (name) => `${name} se puede reservar.`,
  notOrderable: (name) => `${name} no se puede pedir en este momento.`,
  noRestockDate: 'Lamentablemente no tengo una fecha de reposición que darte.',
  productNotFound: () =>
    'No he encontrado ese producto en nuestro catálogo; un compañero del equipo lo revisará y te responderá.',

  thanksReply: () => '¡Muchas gracias por avisarnos, qué bien!',
  agentLanguageNote: (detected, reply) =>
    `The customer wrote in ${detected}; the built-in composer replied in ${reply}.`,
};
