import { statusPhrases as status, type Phrases } from './types.js';

/** Spanish, with "usted" (neutral across Spain and Latin America). */
export const ES: Phrases = {
  orderRef: (id) => `n.º ${id}`,
  quote: (text) => `«${text}»`,
  greeting(name, tone) {
    if (tone === 'formal')
      return name ? `Buenos días, ${`${name.firstName} ${name.lastName}`.trim()}:` : 'Buenos días:';
    return name ? `Hola, ${name.firstName}:` : 'Hola:';
  },
  afterGreeting: (text) => text,
  closing: (tone) => (tone === 'formal' ? 'Atentamente,' : tone === 'concise' ? 'Saludos,' : 'Un saludo,'),
  teamSignature: (businessName) => `El equipo de ${businessName}`,
  genericSignature: 'Atención al cliente',

  status: {
    0: status(
      (ref) => `El proceso de compra del pedido ${ref} no se completó, así que no se llegó a realizar ningún pedido.`,
      'Esto significa que el proceso de compra no se completó, así que no se llegó a realizar ningún pedido.',
      'compra no completada',
    ),
    1: status(
      (ref) =>
        `El pedido ${ref} se inició, pero todavía no se ha completado, a menudo porque el pago aún no se ha confirmado. Nuestro equipo lo revisará.`,
      'Esto significa que el pedido se inició, pero todavía no se ha completado, a menudo porque el pago aún no se ha confirmado. Nuestro equipo lo revisará.',
      'pendiente',
    ),
    2: status((ref) => `Su pedido ${ref} ya se ha enviado.`, 'Esto significa que ya se ha enviado.', 'enviado'),
    3: status(
      (ref) => `Parte de su pedido ${ref} ya se ha enviado; el resto está pendiente de envío.`,
      'Esto significa que una parte ya se ha enviado y el resto está pendiente de envío.',
      'enviado en parte',
    ),
    4: status((ref) => `Su pedido ${ref} se ha reembolsado.`, 'Esto significa que se ha reembolsado.', 'reembolsado'),
    5: status((ref) => `Su pedido ${ref} se ha cancelado.`, 'Esto significa que se ha cancelado.', 'cancelado'),
    6: status(
      (ref) =>
        `El pago de su pedido ${ref} fue rechazado, por lo que el pedido no se completó. Puede intentarlo de nuevo o usar otro método de pago.`,
      'Esto significa que el pago fue rechazado, por lo que el pedido no se completó. Puede intentarlo de nuevo o usar otro método de pago.',
      'pago rechazado',
    ),
    7: status(
      (ref) => `Su pedido ${ref} está a la espera de recibir el pago.`,
      'Esto significa que el pedido está a la espera de recibir el pago.',
      'pendiente de pago',
    ),
    8: status(
      (ref) => `Su pedido ${ref} está listo para recoger.`,
      'Esto significa que ya está listo para recoger.',
      'listo para recoger',
    ),
    9: status(
      (ref) => `Su pedido ${ref} está empaquetado y a la espera del transportista.`,
      'Esto significa que está empaquetado y a la espera del transportista.',
      'empaquetado, a la espera del transportista',
    ),
    10: status(
      (ref) => `Su pedido ${ref} figura como completado.`,
      'Esto significa que lo hemos marcado como completado.',
      'completado',
    ),
    11: status(
      (ref) => `Hemos recibido el pago de su pedido ${ref} y lo estamos preparando.`,
      'Esto significa que hemos recibido su pago y estamos preparando el pedido.',
      'en preparación',
    ),
    12: status(
      (ref) => `Su pedido ${ref} necesita una breve revisión de nuestro equipo antes de seguir adelante.`,
      'Esto significa que necesita una breve revisión de nuestro equipo antes de seguir adelante.',
      'en revisión por nuestro equipo',
    ),
    13: status(
      (ref) =>
        `Hay una disputa de pago abierta sobre su pedido ${ref}; nuestro equipo se pondrá en contacto con usted.`,
      'Esto significa que hay una disputa de pago abierta; nuestro equipo se pondrá en contacto con usted.',
      'disputa de pago abierta',
    ),
    14: status(
      (ref) => `Su pedido ${ref} se ha reembolsado en parte.`,
      'Esto significa que se ha reembolsado una parte.',
      'reembolsado en parte',
    ),
  },
  statusLabelled: (ref, label) => `Su pedido ${ref} tiene el estado ${ES.quote(label)}.`,
  statusUnknown: (ref, label) =>
    label
      ? `Su pedido ${ref} tiene el estado ${ES.quote(label)}. Nuestro equipo revisará qué significa y se pondrá en contacto con usted.`
      : `Nuestro equipo revisará el estado actual de su pedido ${ref} y se pondrá en contacto con usted.`,

  shippedOn: (date) => `Se envió el ${date}.`,
  singleShipment(carrier, date, partial) {
    if (!carrier && !date) return null;
    return `${partial ? 'La parte enviada salió' : 'Se envió'}${carrier ? ` con ${carrier}` : ''}${date ? ` el ${date}` : ''}.`;
  },
  shipmentCount: (count, partial) =>
    partial ? `Hasta ahora se han enviado ${count} paquetes.` : `Se envió en ${count} paquetes.`,
  shipmentHeading: (index, count, carrier, date) =>
    `Paquete ${index} de ${count}${carrier || date ? ', enviado' : ''}${carrier ? ` con ${carrier}` : ''}${date ? ` el ${date}` : ''}:`,
  trackingNumber: (value) => `Número de seguimiento: ${value}`,
  trackingLink: (url) => `Puede seguirlo aquí: ${url}`,
  shipmentItems: 'En este paquete:',
  stillToShip: 'Pendiente de envío:',
  option: (name, value) => `${name}: ${value}`,

  itemsIntro: (ref, date) => `Esto es lo que pidió en el pedido ${ref}${date ? `, realizado el ${date}` : ''}:`,
  itemsInOrder: (ref) => `El pedido ${ref} incluye:`,
  total: (amount) => `Total: ${amount}`,
  orderSummary(ref, date, total) {
    if (date && total) return `El pedido ${ref} se realizó el ${date} y su importe total es de ${total}.`;
    if (date) return `El pedido ${ref} se realizó el ${date}.`;
    return `El importe total del pedido ${ref} es de ${total}.`;
  },
  recentOrdersIntro: 'Sus otros pedidos recientes:',
  recentOrderLine: (ref, date, status) => `${ref}${date ? ` del ${date}` : ''}: ${status}`,

  placed: (ref, date) => (date ? `Su pedido ${ref} se realizó el ${date}.` : `Hemos recibido su pedido ${ref}.`),
  paymentReceived: (total) => (total ? `Hemos recibido su pago de ${total}.` : 'Hemos recibido su pago.'),
  paymentAuthorised: (total) => (total ? `Su pago de ${total} está autorizado.` : 'Su pago está autorizado.'),
  paymentPending: (total) =>
    total ? `Su pago de ${total} todavía no se ha confirmado.` : 'Su pago todavía no se ha confirmado.',
  paymentDeclined: (ref) => `El pago del pedido ${ref} fue rechazado.`,
  paymentVoided: 'El pago de este pedido se anuló.',
  preparing: 'Ya lo estamos preparando.',

  onFileIntro: 'Estos son los datos que tenemos registrados:',
  guestIntro:
    'No hay ninguna cuenta de cliente con esta dirección de correo electrónico; sus pedidos se hicieron como invitado. Esto es lo que figura en su pedido más reciente:',
  field(field, value) {
    const labels = {
      name: 'Nombre',
      email: 'Correo electrónico',
      phone: 'Teléfono',
      company: 'Empresa',
      address: 'Dirección',
    };
    return `${labels[field]}: ${value}`;
  },
  phoneEnding: (lastDigits) => `terminado en ${lastDigits}`,
  howToUpdateAccount: (formal) =>
    formal
      ? 'Puede actualizarlos en cualquier momento iniciando sesión en su cuenta en nuestro sitio web o respondiendo a este correo con los cambios.'
      : 'Puede actualizarlos cuando quiera iniciando sesión en su cuenta en nuestra web, o responder a este correo con los cambios y le ayudamos.',
  howToUpdateGuest: (formal) =>
    formal
      ? 'Si es necesario cambiar algún dato, le rogamos que responda a este correo con los datos correctos.'
      : 'Si hay que cambiar algo, responda a este correo con los datos correctos y le ayudamos.',
  noSensitiveData: 'Por su seguridad, nunca enviamos contraseñas ni datos de pago por correo electrónico.',

  noOrdersFound: 'No hemos encontrado ningún pedido con esta dirección de correo electrónico.',
  unmatched: (refs, count) =>
    `No hemos encontrado ${count > 1 ? 'los pedidos' : 'el pedido'} ${refs} con esta dirección de correo electrónico.`,
  askOrderDetails: (formal) =>
    formal
      ? '¿Sería tan amable de indicarnos su número de pedido y la dirección de correo electrónico que utilizó al realizar la compra? Así podremos revisarlo.'
      : '¿Podría responder con su número de pedido y el correo electrónico que usó al hacer la compra? Así podremos revisarlo.',
  teammateWillCheck: (formal) =>
    formal
      ? 'Un miembro de nuestro equipo revisará el resto de los datos y se pondrá en contacto con usted.'
      : 'Alguien de nuestro equipo revisará el resto de los datos y se pondrá en contacto con usted.',
  lookupFailed: (formal) =>
    formal
      ? 'En este momento no hemos podido consultar los datos de su pedido. Un miembro de nuestro equipo lo revisará y se pondrá en contacto con usted.'
      : 'Ahora mismo no hemos podido consultar los datos de su pedido. Alguien de nuestro equipo lo revisará y se pondrá en contacto con usted.',

  addressChangeReceived: (ref) =>
    `Hemos tomado nota de que desea cambiar la dirección de entrega${ref ? ` del pedido ${ref}` : ''}. Nuestro equipo comprobará si todavía es posible y le responderá.`,
  actionReceived(kind, ref) {
    const what = { refund: 'reembolso', cancel: 'cancelación', return: 'devolución o cambio' }[kind];
    if (!ref) return `Hemos recibido su solicitud de ${what}.`;
    return kind === 'return'
      ? `Hemos recibido su solicitud de devolución o cambio de artículos del pedido ${ref}.`
      : `Hemos recibido su solicitud de ${what} del pedido ${ref}.`;
  },
  actionReview: (formal) =>
    formal ? 'Nuestro equipo revisará su solicitud y le responderá.' : 'Nuestro equipo la revisará y le responderá.',
  otherAck: (tone) =>
    tone === 'formal'
      ? 'Gracias por su mensaje. Un miembro de nuestro equipo lo leerá y le responderá.'
      : tone === 'concise'
        ? 'Gracias por su mensaje. Nuestro equipo le responderá.'
        : '¡Gracias por su mensaje! Alguien de nuestro equipo lo leerá y le responderá.',

  nextStepShipped: (formal) =>
    formal
      ? 'Si observa cualquier problema con la entrega, le rogamos que responda a este correo y lo revisaremos.'
      : 'Si algo no está bien con la entrega, responda a este correo y lo revisamos.',
  nextStepGeneral: (formal) =>
    formal
      ? 'Si tiene cualquier otra consulta, no dude en responder a este correo.'
      : 'Si tiene cualquier otra pregunta, responda a este correo.',
  nextStepHelp: (formal) =>
    formal
      ? 'Si necesita ayuda con algún aspecto concreto de este pedido, no dude en responder a este correo.'
      : 'Si necesita ayuda con algo concreto de este pedido, responda a este correo.',
};
