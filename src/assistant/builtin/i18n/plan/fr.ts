import type { PlanPhrases } from './types.js';

export const FR_PLAN: PlanPhrases = {
  empathy(kind) {
    switch (kind) {
      case 'damaged':
        return 'Nous sommes vraiment désolés que votre commande soit arrivée endommagée.';
      case 'wrong_item':
        return 'Nous sommes vraiment désolés que vous ayez reçu un mauvais article.';
      case 'missing_item':
        return 'Nous sommes vraiment désolés qu’il manque quelque chose dans votre colis.';
      case 'late':
        return 'Nous sommes désolés pour cette attente et comprenons votre agacement.';
      case 'double_charge':
        return 'Nous comprenons votre inquiétude au sujet d’un double prélèvement ; voici exactement ce que nous voyons.';
      case 'refund_wait':
        return 'Nous sommes désolés pour l’attente concernant votre remboursement.';
      case 'cancel_confusion':
        return 'Nous sommes désolés pour la confusion concernant votre commande.';
      case 'worried':
        return 'Nous comprenons votre inquiétude ; voici exactement ce que nous voyons.';
      default:
        return 'Nous sommes désolés pour ce désagrément.';
    }
  },

  refundedFull: (ref, amount) =>
    `D’après nos informations, la commande ${ref} a été remboursée${amount ? ` : ${amount} au total` : ''}.`,
  refundedPartial: (ref, refunded, total) =>
    `D’après nos informations, la commande ${ref} a fait l’objet d’un remboursement partiel${refunded ? ` de ${refunded}` : ''}${total ? ` (montant de la commande : ${total})` : ''}.`,
  noRefund: (ref, status) =>
    `Je ne vois pas de remboursement sur la commande ${ref} ; elle est actuellement au statut : ${status}.`,
  refundNext: () =>
    'Si le montant n’apparaît pas sur votre relevé, répondez simplement à cet e-mail et nous regarderons.',

  cancelledShown: (ref) => `La commande ${ref} apparaît comme annulée dans notre système.`,
  cancelReasonHandoff: () =>
    'Je ne vois pas ici le motif de l’annulation ; un membre de l’équipe va vérifier et vous répondra.',
  notCancelled: (ref, status) => `La commande ${ref} n’est pas annulée : elle est actuellement au statut : ${status}.`,

  cancelShipped: (ref, date, carrier) =>
    `La commande ${ref} a déjà été expédiée${date ? ` le ${date}` : ''}${carrier ? ` avec ${carrier}` : ''}, elle ne peut donc plus être annulée avant la livraison. Un membre de l’équipe vous aidera pour le retour à réception.`,
  addressShipped: (ref, date, carrier) =>
    `La commande ${ref} a déjà été expédiée${date ? ` le ${date}` : ''}${carrier ? ` avec ${carrier}` : ''}, nous ne pouvons donc plus modifier l’adresse de livraison. Un membre de l’équipe verra avec vous ce qui reste possible.`,
  alreadyCancelled: (ref) => `La commande ${ref} apparaît déjà comme annulée.`,
  alreadyRefunded: (ref, amount) => `La commande ${ref} apparaît déjà comme remboursée${amount ? ` (${amount})` : ''}.`,
  alreadyPartlyRefunded: (ref, amount) =>
    `La commande ${ref} a déjà fait l’objet d’un remboursement partiel${amount ? ` de ${amount}` : ''} ; un membre de l’équipe examinera le reste de votre demande.`,
  currentlyShows: (status) => `Elle est actuellement au statut : ${status}.`,

  invoiceHandoff: (ref) =>
    `Un membre de l’équipe vous enverra une copie de la facture${ref ? ` de la commande ${ref}` : ''}.`,
  otherRequest: (ref) =>
    `Nous avons bien noté votre demande${ref ? ` concernant la commande ${ref}` : ''} ; un membre de l’équipe s’en occupe et reviendra vers vous.`,
  refundedAmount: (amount) => `Montant remboursé : ${amount}`,
  shippingCost: (amount) => `Frais de livraison : ${amount}`,
  otherHandoff: () => 'Un membre de l’équipe répondra à votre autre question.',
  complaintHandoff: () => 'Un membre de l’équipe va s’en occuper et reviendra vers vous avec les prochaines étapes.',
  photoRequest: () =>
    'Si possible, répondez avec une photo de l’article et de l’emballage ; cela nous aide à régler cela rapidement.',

  detailsWithheld: (fields) =>
    `Pour protéger vos données, nous n’envoyons pas votre ${fields} par e-mail ; vous pouvez les consulter à tout moment dans votre compte client sur notre site.`,
  fieldName: (field) => (field === 'phone' ? 'numéro de téléphone' : 'adresse'),

  oneOrderSeen: (ref, date, total) =>
    `Nous voyons une seule commande à votre adresse e-mail : ${ref}${date ? `, passée le ${date}` : ''}${total ? `, pour ${total}` : ''}.`,
  manyOrdersSeen: (count) => `Nous voyons ${count} commandes passées à la même période à votre adresse e-mail :`,
  orderLine: (ref, date, total, status) => `- ${ref}${date ? `, ${date}` : ''}${total ? `, ${total}` : ''} : ${status}`,

  inStock: (name) => `Bonne nouvelle : ${name} est actuellement en stock.`,
  outOfStock: (name) => `${name} est actuellement en rupture de stock.`,
  preorder: (name) => `${name} est disponible en précommande.`,
  notOrderable: (name) => `${name} n’est pas disponible à la commande pour le moment.`,
  noRestockDate: 'Je n’ai malheureusement pas de date de réapprovisionnement à vous communiquer.',
  productNotFound: () =>
    'Je n’ai pas trouvé ce produit dans notre catalogue ; un membre de l’équipe va vérifier et vous répondra.',

  thanksReply: () => 'Merci beaucoup pour votre message, cela nous fait très plaisir !',
  agentLanguageNote: (detected, reply) =>
    `The customer wrote in ${detected}; the built-in composer replied in ${reply}.`,
};
