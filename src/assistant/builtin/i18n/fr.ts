import { statusPhrases as status, type Phrases } from './types.js';

/** French, with "vous"; a space before ":", ";", "?" and "!" as French typography wants. */
export const FR: Phrases = {
  orderRef: (id) => `n° ${id}`,
  quote: (text) => `« ${text} »`,
  greeting(name, tone) {
    if (tone === 'formal')
      return name ? `Bonjour ${name.firstName} ${name.lastName}`.trim() + ',' : 'Madame, Monsieur,';
    return name ? `Bonjour ${name.firstName},` : 'Bonjour,';
  },
  afterGreeting: (text) => text,
  closing: (tone) => (tone === 'friendly' ? 'Bien à vous,' : 'Cordialement,'),
  teamSignature: (businessName) => `L'équipe ${businessName}`,
  genericSignature: 'Le service client',

  status: {
    0: status(
      (ref) => `La commande ${ref} n'a pas été finalisée lors du paiement ; aucune commande n'a donc été passée.`,
      "Cela signifie que la commande n'a pas été finalisée ; aucune commande n'a donc été passée.",
      'commande non finalisée',
    ),
    1: status(
      (ref) =>
        `La commande ${ref} a été commencée mais n'est pas encore finalisée, souvent parce que le paiement n'a pas encore été confirmé. Notre équipe va vérifier.`,
      "Cela signifie que la commande a été commencée mais n'est pas encore finalisée, souvent parce que le paiement n'a pas encore été confirmé. Notre équipe va vérifier.",
      'en attente',
    ),
    2: status((ref) => `Votre commande ${ref} a été expédiée.`, "Cela signifie qu'elle a été expédiée.", 'expédiée'),
    3: status(
      (ref) => `Une partie de votre commande ${ref} a été expédiée ; le reste doit encore être expédié.`,
      "Cela signifie qu'une partie a été expédiée et que le reste doit encore l'être.",
      'partiellement expédiée',
    ),
    4: status(
      (ref) => `Votre commande ${ref} a été remboursée.`,
      "Cela signifie qu'elle a été remboursée.",
      'remboursée',
    ),
    5: status((ref) => `Votre commande ${ref} a été annulée.`, "Cela signifie qu'elle a été annulée.", 'annulée'),
    6: status(
      (ref) =>
        `Le paiement de votre commande ${ref} a été refusé ; la commande n'a donc pas été finalisée. Vous pouvez réessayer ou utiliser un autre moyen de paiement.`,
      "Cela signifie que le paiement a été refusé ; la commande n'a donc pas été finalisée. Vous pouvez réessayer ou utiliser un autre moyen de paiement.",
      'paiement refusé',
    ),
    7: status(
      (ref) => `Votre commande ${ref} est en attente de paiement.`,
      'Cela signifie que nous attendons encore la réception du paiement.',
      'en attente de paiement',
    ),
    8: status(
      (ref) => `Votre commande ${ref} est prête à être retirée.`,
      "Cela signifie qu'elle est prête à être retirée.",
      'prête à être retirée',
    ),
    9: status(
      (ref) => `Votre commande ${ref} est emballée et attend d'être prise en charge par le transporteur.`,
      "Cela signifie qu'elle est emballée et attend d'être prise en charge par le transporteur.",
      'emballée, en attente du transporteur',
    ),
    10: status(
      (ref) => `Votre commande ${ref} est indiquée comme terminée.`,
      "Cela signifie que nous l'avons indiquée comme terminée.",
      'terminée',
    ),
    11: status(
      (ref) => `Nous avons bien reçu le paiement de votre commande ${ref} et nous la préparons.`,
      'Cela signifie que nous avons bien reçu votre paiement et que nous préparons votre commande.',
      'en préparation',
    ),
    12: status(
      (ref) =>
        `Votre commande ${ref} doit faire l'objet d'une brève vérification par notre équipe avant de poursuivre.`,
      "Cela signifie qu'elle doit faire l'objet d'une brève vérification par notre équipe avant de poursuivre.",
      'en cours de vérification',
    ),
    13: status(
      (ref) => `Un litige de paiement est ouvert pour votre commande ${ref} ; notre équipe reviendra vers vous.`,
      "Cela signifie qu'un litige de paiement est ouvert ; notre équipe reviendra vers vous.",
      'litige de paiement en cours',
    ),
    14: status(
      (ref) => `Votre commande ${ref} a été partiellement remboursée.`,
      "Cela signifie qu'elle a été partiellement remboursée.",
      'partiellement remboursée',
    ),
  },
  statusLabelled: (ref, label) => `Votre commande ${ref} a le statut ${FR.quote(label)}.`,
  statusUnknown: (ref, label) =>
    label
      ? `Votre commande ${ref} a le statut ${FR.quote(label)}. Notre équipe va vérifier ce que cela signifie et reviendra vers vous.`
      : `Notre équipe va vérifier l'état actuel de votre commande ${ref} et reviendra vers vous.`,

  shippedOn: (date) => `Elle a été expédiée le ${date}.`,
  singleShipment(carrier, date, partial) {
    if (!carrier && !date) return null;
    return `${partial ? 'La partie déjà expédiée a été envoyée' : 'Elle a été expédiée'}${date ? ` le ${date}` : ''}${carrier ? ` par ${carrier}` : ''}.`;
  },
  shipmentCount: (count, partial) =>
    partial ? `Jusqu'à présent, ${count} colis ont été expédiés.` : `Elle a été expédiée en ${count} colis.`,
  shipmentHeading: (index, count, carrier, date) =>
    `Colis ${index} sur ${count}${carrier || date ? ', expédié' : ''}${date ? ` le ${date}` : ''}${carrier ? ` par ${carrier}` : ''} :`,
  trackingNumber: (value) => `Numéro de suivi : ${value}`,
  trackingLink: (url) => `Suivre le colis : ${url}`,
  shipmentItems: 'Dans ce colis :',
  stillToShip: 'Encore à expédier :',
  option: (name, value) => `${name} : ${value}`,

  itemsIntro: (ref, date) => `Voici ce que vous avez commandé (commande ${ref}${date ? `, passée le ${date}` : ''}) :`,
  itemsInOrder: (ref) => `La commande ${ref} contient :`,
  total: (amount) => `Total : ${amount}`,
  orderSummary(ref, date, total) {
    if (date && total) return `La commande ${ref} a été passée le ${date}, pour un total de ${total}.`;
    if (date) return `La commande ${ref} a été passée le ${date}.`;
    return `Le total de la commande ${ref} est de ${total}.`;
  },
  recentOrdersIntro: 'Vos autres commandes récentes :',
  recentOrderLine: (ref, date, status) => `${ref}${date ? ` du ${date}` : ''} : ${status}`,

  placed: (ref, date) =>
    date ? `Votre commande ${ref} a bien été passée le ${date}.` : `Nous avons bien reçu votre commande ${ref}.`,
  paymentReceived: (total) =>
    total ? `Nous avons bien reçu votre paiement de ${total}.` : 'Nous avons bien reçu votre paiement.',
  paymentAuthorised: (total) =>
    total ? `Votre paiement de ${total} a été autorisé.` : 'Votre paiement a été autorisé.',
  paymentPending: (total) =>
    total ? `Votre paiement de ${total} n'a pas encore été confirmé.` : "Votre paiement n'a pas encore été confirmé.",
  paymentDeclined: (ref) => `Le paiement de la commande ${ref} a été refusé.`,
  paymentVoided: 'Le paiement de cette commande a été annulé.',
  preparing: 'Nous sommes en train de la préparer.',

  onFileIntro: 'Voici les informations que nous avons enregistrées pour vous :',
  guestIntro:
    "Il n'existe pas de compte client pour cette adresse e-mail ; vos commandes ont été passées en tant qu'invité. Voici ce qui figure sur votre dernière commande :",
  field(field, value) {
    const labels = {
      name: 'Nom',
      email: 'E-mail',
      phone: 'Téléphone',
      company: 'Société',
      address: 'Adresse',
    };
    return `${labels[field]} : ${value}`;
  },
  phoneEnding: (lastDigits) => `se terminant par ${lastDigits}`,
  howToUpdateAccount: (formal) =>
    formal
      ? 'Vous pouvez les mettre à jour à tout moment en vous connectant à votre compte sur notre site, ou en répondant à cet e-mail avec les modifications.'
      : 'Vous pouvez les modifier à tout moment en vous connectant à votre compte sur notre site, ou simplement nous répondre avec les changements et nous vous aiderons.',
  howToUpdateGuest: (formal) =>
    formal
      ? 'Si une information doit être modifiée, merci de répondre à cet e-mail en indiquant les bonnes coordonnées.'
      : 'Si quelque chose doit être modifié, répondez simplement avec les bonnes informations et nous vous aiderons.',
  noSensitiveData:
    'Pour votre sécurité, nous ne communiquons jamais de mot de passe ni de données de paiement par e-mail.',

  noOrdersFound: "Nous n'avons trouvé aucune commande associée à cette adresse e-mail.",
  unmatched: (refs, count) =>
    count > 1
      ? `Nous n'avons pas trouvé les commandes ${refs} associées à cette adresse e-mail.`
      : `Nous n'avons pas trouvé la commande ${refs} associée à cette adresse e-mail.`,
  askOrderDetails: (formal) =>
    formal
      ? "Pourriez-vous nous communiquer votre numéro de commande ainsi que l'adresse e-mail utilisée lors de l'achat ? Nous pourrons ainsi vérifier."
      : "Pourriez-vous nous répondre en indiquant votre numéro de commande et l'adresse e-mail utilisée lors de l'achat ? Nous pourrons ainsi vérifier.",
  teammateWillCheck: (formal) =>
    formal
      ? 'Un membre de notre équipe vérifiera les autres informations et reviendra vers vous.'
      : "Un membre de l'équipe va vérifier les autres informations et reviendra vers vous.",
  lookupFailed: (formal) =>
    formal
      ? "Nous n'avons pas pu consulter les informations de votre commande pour le moment. Un membre de notre équipe vérifiera et reviendra vers vous."
      : "Nous n'avons pas pu consulter les informations de votre commande pour le moment. Un membre de l'équipe va vérifier et reviendra vers vous.",

  addressChangeReceived: (ref) =>
    `Nous avons bien noté que vous souhaitez modifier l'adresse de livraison${ref ? ` de la commande ${ref}` : ''}. Notre équipe va vérifier si c'est encore possible et reviendra vers vous.`,
  actionReceived(kind, ref) {
    if (kind === 'refund')
      return ref
        ? `Nous avons bien reçu votre demande de remboursement pour la commande ${ref}.`
        : 'Nous avons bien reçu votre demande de remboursement.';
    if (kind === 'cancel')
      return ref
        ? `Nous avons bien reçu votre demande d'annulation de la commande ${ref}.`
        : "Nous avons bien reçu votre demande d'annulation.";
    return ref
      ? `Nous avons bien reçu votre demande de retour ou d'échange d'articles de la commande ${ref}.`
      : "Nous avons bien reçu votre demande de retour ou d'échange.";
  },
  actionReview: (formal) =>
    formal
      ? 'Notre équipe examinera votre demande et vous répondra.'
      : "Notre équipe va l'examiner et reviendra vers vous.",
  otherAck: (tone) =>
    tone === 'formal'
      ? 'Merci pour votre message. Un membre de notre équipe le lira et vous répondra.'
      : tone === 'concise'
        ? 'Merci pour votre message. Notre équipe reviendra vers vous.'
        : "Merci pour votre message ! Un membre de l'équipe va le lire et reviendra vers vous.",

  nextStepShipped: (formal) =>
    formal
      ? 'Si quelque chose ne convient pas concernant la livraison, merci de répondre à cet e-mail ; nous examinerons la situation.'
      : 'Si quelque chose ne va pas avec la livraison, répondez simplement à cet e-mail et nous regarderons.',
  nextStepGeneral: (formal) =>
    formal
      ? "Pour toute autre question, n'hésitez pas à répondre à cet e-mail."
      : 'Pour toute autre question, répondez simplement à cet e-mail.',
  nextStepHelp: (formal) =>
    formal
      ? "Si vous avez besoin d'aide sur un point précis de cette commande, n'hésitez pas à répondre à cet e-mail."
      : "Si vous avez besoin d'aide sur un point précis de cette commande, répondez simplement à cet e-mail.",
};
