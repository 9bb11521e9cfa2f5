import { extractOrderNumbers } from '../../context/index.js';
import type { AnswerPlan, ItemTopic, ItemType, PlanItem, ProfileAsk } from '../plan/types.js';
import type { IncomingMessage, Language } from '../types.js';
import * as cue from './cues.js';
import { amountsIn } from './amounts.js';
import { dateRanges } from './dates.js';
import { foreignTopics } from './foreign.js';
import { injectedRanges } from './injection.js';
import { prepare, scoreIntents, type IntentScores } from './intent.js';
import { guessLanguage, isStopword } from './language.js';
import { normalize, tokens } from './normalize.js';

/**
 * The answer plan of one email, before the store is asked: the newest text split into sentences,
 * each sentence's questions, requests, complaints and thanks as items, in the customer's order.
 * Orders are resolved later against the sender's data (plan/resolve.ts).
 *
 * A refund or cancellation word alone decides nothing: "has my refund gone through" and "I never
 * cancelled it" ask about something that happened (status questions); "please refund me" asks for
 * it (an action request). Negated requests ("I don't want to cancel") make no item at all.
 */
export function buildPlan(message: IncomingMessage, now: Date = new Date()): AnswerPlan {
  const subject = message.subject ?? '';
  const text = message.text ?? '';
  const guess = guessLanguage(text, subject);
  const language = guess.language;

  let items = guess.unsupported ? foreignItems(text || subject) : itemsOf(text, language);
  if (!guess.unsupported && (items.length === 0 || items.every((i) => i.type === 'other' && i.topic === 'other'))) {
    const fromSubject = itemsOf(subject, language).filter((i) => i.topic !== 'thanks');
    if (fromSubject.length > 0) items = fromSubject;
  }
  const subjectNumbers = extractOrderNumbers(subject);
  const textNumbers = extractOrderNumbers(text);
  if (items.length === 0) {
    // Nothing recognised: an order number, a question about an order ("??? order"), or a language
    // we do not speak make it a status question (the most common one by far, answered from the
    // store); anything else is handed to a person.
    const orderish =
      textNumbers.length > 0 ||
      subjectNumbers.length > 0 ||
      guess.unsupported ||
      (/\?/.test(`${subject} ${text}`) && ORDER_WORD.test(normalize(`${subject} ${text}`)));
    items = [
      item(orderish ? 'status_question' : 'other', orderish ? 'status' : 'other', text.trim() || subject.trim(), []),
    ];
  }
  // "Why?? I didn't ask for this", answering the store's "your order has been cancelled": the
  // cancellation is what they ask about.
  const cancelled = /\bcancel{1,2}ed\b|\bcancelad[oa]\b|\bstorniert\b|\bannulee?\b/;
  if (cancelled.test(normalize(subject)) || cancelled.test(normalize(message.history ?? '').slice(0, 600))) {
    for (const it of items) {
      if (it.type !== 'information_request' || it.topic !== 'other') continue;
      if (
        /\b(?:why|what happened|how come|por ?que|que paso|warum|wieso|was ist passiert|pourquoi|que s'est-il passe)\b/.test(
          normalize(it.quote),
        )
      ) {
        it.type = 'status_question';
        it.topic = 'cancel';
      }
    }
  }
  // "Can you help me with this order?" about a numbered order: its status is the answer.
  if (
    (textNumbers.length > 0 || subjectNumbers.length > 0) &&
    items.every((i) => i.type === 'information_request' && i.topic === 'other')
  ) {
    items = [item('status_question', 'status', items[0]?.quote ?? text.trim(), [])];
  }
  // An item whose sentence names no order is about the orders the rest of the new text names.
  for (const it of items) {
    if (it.mentioned.length > 0) continue;
    // A bare number in its own sentence ("et pour la 23215, ...") beats the numbers of other sentences.
    const own = bareIn(it.quote);
    if (own.length > 0) it.ownBare = own;
    it.mentioned = [...textNumbers];
    it.inherited = true;
  }

  // A complaint only the subject states ("Wrong colour sent", "Arrived broken"); not a reply's
  // subject, which names what the thread was about, not what this email says.
  const replySubject = /^\s*(?:re|aw|antw|sv|rv|rif|r|tr|wg|fw|fwd)\s*(?:\[\d+\]|\(\d+\))?\s*:/i.test(subject);
  const subjectComplaints = [
    ['damaged', cue.damaged],
    ['wrong_item', cue.wrongItem],
  ] as const;
  for (const [topic, test] of replySubject ? [] : subjectComplaints) {
    if (test(normalize(subject)) && !items.some((i) => i.type === 'complaint')) {
      items.unshift(item('complaint', topic, subject.trim(), [...textNumbers]));
    }
  }

  // An address change only the subject states ("Cambio de dirección URGENTE").
  if (
    !replySubject &&
    ADDRESS_CHANGE.some((re) => re.test(normalize(subject))) &&
    !items.some((i) => i.topic === 'address_change')
  ) {
    items.push(item('action_request', 'address_change', subject.trim(), [...textNumbers]));
  }

  // "Did this go through?" under the subject "Cancellation": the subject says what "this" is.
  const subjectN = normalize(subject);
  for (const it of items) {
    const firstSentence = it.quote.split(/(?<=[.!?])\s/)[0] ?? it.quote;
    if (it.type !== 'status_question' || it.topic !== 'payment' || PAY_WORD.test(normalize(firstSentence))) continue;
    if (CANCEL_WORD.test(subjectN)) it.topic = 'cancel';
    else if (REFUND_WORD.test(subjectN)) it.topic = 'refund';
  }

  const whole = normalize(`${subject}\n${text}`);
  const body = normalize(text);
  const complaint = items.some((i) => i.type === 'complaint');
  const doubleCharge = items.some((i) => i.doubleCharge);
  // Worry outranks mild impatience ("??", "it's been a few days"): "did I just lose $95?? kind of
  // freaking out" is answered with care, not with an apology for a wait.
  const upset = cue.upset(body) || (complaint && cue.upset(whole));
  const worried = doubleCharge || cue.worried(body);
  const feeling =
    upset && (!worried || cue.angryOrLongWait(body)) ? 'upset' : worried ? 'worried' : upset ? 'upset' : null;

  const history = (message.history ?? '').replace(text, ' ');
  return {
    language,
    detectedLanguage: guess.detected,
    unsupportedLanguage: guess.unsupported,
    // A complaint gets its own acknowledgement (the composer's empathy line); the feeling is what the words say.
    feeling,
    items,
    dateRanges: dateRanges(text, language, now),
    amounts: amountsIn(text),
    allOrders: ALL_ORDERS.test(body),
    bareNumbers: [
      ...new Set([...text.matchAll(/(?<![\d.,$€£#-])\b(\d{3,10})\b(?![.,]\d)/g)].map((m) => Number(m[1]))),
    ].filter((n) => !textNumbers.includes(n)),
    subjectNumbers,
    historyNumbers: extractOrderNumbers(history).filter((n) => !subjectNumbers.includes(n)),
  };
}

const ORDER_WORD = /\b(?:order|orders|package|parcel|pedido|paquete|bestellung|paket|commande|colis)\b/;

const ALL_ORDERS =
  /\b(?:both (?:of )?(?:my |the |these )?orders|all (?:of )?my orders|my (?:two|2|three|3) orders|both of them|ambos pedidos|los dos pedidos|mis (?:dos )?pedidos|beide(?:n)? bestellungen|meine bestellungen|alle (?:meine )?bestellungen|mes (?:deux )?commandes|les deux commandes)\b/;

/** Numbers of 3 to 10 digits standing alone (not prices, not decimals). */
function bareIn(text: string): number[] {
  return [...new Set([...text.matchAll(/(?<![\d.,$€£#-])\b(\d{3,10})\b(?![.,]\d)/g)].map((m) => Number(m[1])))];
}

/** Items of an email in a language we do not speak: the topics its words name, about its orders. */
function foreignItems(text: string): PlanItem[] {
  return foreignTopics(text).map(([type, topic]) => {
    const it = item(type, topic, text.trim(), extractOrderNumbers(text));
    // A product named in the store's own words ("(Hurricane Lantern)") can be looked up.
    const named = namedGroups(text);
    return topic === 'stock' && named.length > 0
      ? { ...it, productWords: named.flat(), productGroups: named, productNames: named }
      : it;
  });
}

function item(type: ItemType, topic: ItemTopic, quote: string, mentioned: number[]): PlanItem {
  return { type, topic, quote: quote.slice(0, 300), mentioned, orderIds: [], orderSource: 'none', unmatched: [] };
}

/** Sentences of the text: lines, then sentence ends. List markers and empty pieces dropped. */
export function sentencesOf(text: string): string[] {
  return (
    text
      // Hard-wrapped prose ("… in unserem Kundenkonto bei Ihnen\nhinterlegt sind."): a line that does
      // not end a sentence continues on the next when that one starts in lower case.
      .replace(/([^\n.!?:;])\n(?=[ \t]*\p{Ll})/gu, '$1 ')
      // "1. Did it go through?": the list number is not the end of a sentence.
      .replace(/^([ \t]*\d{1,2})\.[ \t]+/gm, '$1) ')
      .split(/\n+/)
      .flatMap((line) => line.split(/(?<=[.!?¿¡;])\s+(?=\S)/))
      .map((s) => s.trim())
      .filter((s) => /\p{L}{2,}|\d{3,}/u.test(s))
  );
}

const REFUND_WORD =
  /\b(?:refund|reimburs|money back|my money|reembols|dinero|erstatt|ruckerstatt|gutschrift|geld zuruck|rembours)/;
const CANCEL_WORD = /\b(?:cancel|storn|annul|anul)/;
const PAY_WORD =
  /\b(?:pay|paid|payment|charge|card|paypal|pago|pague|cobr|tarjeta|zahl|bezahl|abgebucht|karte|paiement|paye|debit|carte)/;

function itemsOf(text: string, language: Language): PlanItem[] {
  const out: PlanItem[] = [];
  const remedies: string[] = [];
  let previous = '';
  for (const sentence of sentencesOf(text)) {
    const before = previous;
    previous = sentence;
    const n = prepare(sentence, language);
    if (injectedRanges(n).some((r) => r.start === 0 && r.end >= n.length - 1)) continue;
    if (cue.filler(n)) continue;
    // "Is that unisex sizing? Never mind, I'll check the website.": the question is taken back.
    if (cue.retracted(n)) {
      const last = out.at(-1);
      if (last && last.type === 'information_request' && last.topic === 'other' && last.quote === before) out.pop();
      continue;
    }
    const scores = scoreIntents(sentence, language);
    let found = classify(n, sentence, scores);
    // "What are you going to do about it?" after a complaint asks for the complaint's answer.
    if (cue.remedyQuestion(n) && found.every(([t, p]) => t === 'information_request' && p === 'other')) {
      if (found.length > 0) remedies.push(sentence);
      continue;
    }
    const stockItem = out.find((i) => i.topic === 'stock');
    // "Do you have the beanie? And the pruning shears (Ash Handle)?": a follow-up question that
    // names only a product belongs to the stock question before it.
    // So does a statement right after it that names a product in the store's words ("(Copper
    // Long-Spout Watering Can) sale como agotada").
    const followUp =
      (found.length === 1 && found[0]?.[0] === 'information_request' && found[0][1] === 'other') ||
      (found.length === 0 && namedGroups(sentence).length > 0 && out.at(-1) === stockItem);
    if (stockItem && followUp) {
      found = [['product_question', 'stock', { productWords: [...namedWords(sentence), ...contentWords(n)] }]];
    }
    for (const [type, topic, extraFound] of found) {
      let extra = extraFound;
      if (topic === 'stock' && extra.productWords) {
        // "I love this thermos. Do you have them in stock?": a pronoun points at the sentence before.
        const pronoun = /\b(?:it|them|one|ones|this|these|lo|la|los|las|es|sie|ihn|le|les|en)\b/.test(n);
        const words =
          extra.productWords.length <= 2 && pronoun && before
            ? [...extra.productWords, ...contentWords(prepare(before, language))]
            : extra.productWords;
        // A name in the store's words ("Ash Handle Pruning Shears") is what to look up, each name
        // answered on its own; without one, the sentence's words.
        const named = namedGroups(sentence);
        extra = {
          ...extra,
          productWords: words,
          productGroups: named.length > 0 ? named : [words],
          ...(named.length > 0 ? { productNames: named } : {}),
        };
      }
      const mentioned = extractOrderNumbers(sentence);
      // Numbered or bulleted questions ("1. Did the PayPal one go through? 2. Will the declined one
      // charge me?") stay apart even on one topic: each may be about another order.
      const listed = /^\s*(?:\d{1,2}[.)/]|[-*•])\s/.test(sentence);
      const existing = listed ? undefined : out.find((i) => i.type === type && i.topic === topic);
      if (existing) {
        existing.mentioned = [...new Set([...existing.mentioned, ...mentioned])];
        // The item's words are all its sentences ("It says CANCELLED. Why was it cancelled?").
        if (!existing.quote.includes(sentence)) existing.quote = `${existing.quote} ${sentence}`.slice(0, 600);
        if (extra.asks) existing.asks = [...new Set([...(existing.asks ?? []), ...extra.asks])];
        if (extra.doubleCharge) existing.doubleCharge = true;
        if (extra.shippingCost) existing.shippingCost = true;
        // Strong evidence in a later sentence confirms a request first read from weak evidence.
        if (!extra.implicit) delete (existing as { implicit?: boolean }).implicit;
        if (extra.productWords)
          existing.productWords = [...new Set([...(existing.productWords ?? []), ...extra.productWords])];
        if (extra.productGroups) existing.productGroups = [...(existing.productGroups ?? []), ...extra.productGroups];
        if (extra.productNames) existing.productNames = [...(existing.productNames ?? []), ...extra.productNames];
        continue;
      }
      const { implicit, ...rest } = extra;
      out.push({
        ...item(type, topic, sentence, mentioned),
        ...(before ? { before: before.slice(0, 300) } : {}),
        ...rest,
        ...(implicit ? { implicit: true } : {}),
      });
    }
  }
  // A remedy question without a complaint is a question of its own.
  if (remedies.length > 0 && !out.some((i) => i.type === 'complaint')) {
    out.push(item('information_request', 'other', remedies.join(' '), []));
  }
  // Listed questions on one topic stay apart; a statement on the same topic ("I got a 'payment
  // declined' message") is then context for them, not one more item.
  for (let i = out.length - 1; i >= 0; i--) {
    const it = out[i];
    if (!it || /[?¿]/.test(it.quote)) continue;
    if (out.some((o) => o !== it && o.type === it.type && o.topic === it.topic && /[?¿]/.test(o.quote)))
      out.splice(i, 1);
  }
  // "I do NOT want to cancel": nothing about cancelling is a request or a question, whatever else the email tells.
  const noCancel = /\b(?:do not|don't|dont|not) (?:want|wish|mean|trying|asking) to cancel\b/.test(normalize(text));
  if (noCancel) for (let i = out.length - 1; i >= 0; i--) if (out[i]?.topic === 'cancel') out.splice(i, 1);
  // "Has my refund gone through? You said you'd refund the candle": the refund words around a
  // question about a refund (or a return already sent) are context, not a second request.
  const aboutThePast = out.some((i) => i.type === 'status_question' && (i.topic === 'refund' || i.topic === 'cancel'));
  // "Apple Pay still shows the charge, but do refunds show separately?": context of the refund question.
  if (out.some((i) => i.type === 'status_question' && i.topic === 'refund')) {
    for (let i = out.length - 1; i >= 0; i--) {
      const it = out[i];
      if (it?.type === 'status_question' && it.topic === 'payment' && REFUND_WORD.test(normalize(it.quote)))
        out.splice(i, 1);
    }
  }
  // "Please cancel it, I ordered the wrong size": the size is the reason for the request made, not a second one.
  const explicitRequest = out.some((i) => i.type === 'action_request' && !(i as { implicit?: boolean }).implicit);
  return (
    out
      // Weak evidence ("the wrong one", "too small") makes a request only when the email asks nothing else.
      .filter(
        (i, _, all) => !((i as { implicit?: boolean }).implicit && (aboutThePast || explicitRequest || all.length > 1)),
      )
      .map((i) => {
        const { implicit: _drop, ...clean } = i as PlanItem & { implicit?: boolean };
        return clean;
      })
  );
}

type Extra = Pick<
  PlanItem,
  'asks' | 'doubleCharge' | 'productWords' | 'productGroups' | 'productNames' | 'shippingCost'
> & {
  /** Read from weak evidence only: dropped when the email asks about the same thing as a status question. */
  implicit?: boolean;
};
type Found = [ItemType, ItemTopic, Extra];

const has = (scores: IntentScores, ...intents: (keyof IntentScores)[]): number =>
  intents.reduce((sum, intent) => sum + (scores[intent] ?? 0), 0);

/** The items one sentence holds. */
function classify(n: string, raw: string, scores: IntentScores): Found[] {
  const found: Found[] = [];
  const add = (type: ItemType, topic: ItemTopic, extra: Extra = {}): void => {
    if (!found.some(([t, p]) => t === type && p === topic)) found.push([type, topic, extra]);
  };
  // "(i think?)", "right?": a hedge, not a question.
  const unhedged = raw.replace(
    /\b(?:i think|i guess|i believe|maybe|probably|right|lol|creo|glaube ich|je crois)\s*\?+\)?/gi,
    '',
  );
  const question = /[?¿]/.test(unhedged) || cue.questionWord(n);

  // Refunds and cancellations: did it happen (a question) or is it asked for (a request)?
  const policyQuestion = cue.policy(n);
  if (REFUND_WORD.test(n) && !policyQuestion) {
    if (cue.refundStatus(n)) add('status_question', 'refund');
    else if (cue.refundRequest(n)) add('action_request', 'refund');
    else if ((scores.refund_request ?? 0) >= 2) add('action_request', 'refund', { implicit: true });
    else if (
      question &&
      /\b(?:my|the|mi|el|meine|die|mon|le) (?:refund|reembolso|erstattung|ruckerstattung|remboursement)\b/.test(n)
    )
      add('status_question', 'refund');
  }
  if (CANCEL_WORD.test(n)) {
    if (cue.cancelStatus(n)) add('status_question', 'cancel');
    else if ((scores.cancel_request ?? 0) > 0 && cue.cancelRequest(n)) add('action_request', 'cancel');
    // "I cancelled the skillet on Monday (through the chat)": the wish stands; the store's state answers it.
    else if (/\b(?:i|we) (?:already |just |had |have )?cancell?ed (?:it|the|my|this|that|them|order)\b/.test(n))
      add('action_request', 'cancel');
  }
  // "Cancel the gloves and refund me for them": the refund is the cancellation's, not a second request.
  const cancelAsked = found.some(([t, p]) => t === 'action_request' && p === 'cancel');
  if (cancelAsked) {
    const i = found.findIndex(([t, p]) => t === 'action_request' && p === 'refund');
    if (i >= 0) found.splice(i, 1);
  }
  if (policyQuestion) add('information_request', 'other');

  // Something went wrong with what arrived (not "my old one broke, is a new one in stock?").
  const ownOldThing =
    /\b(?:my|our) (?:old|previous|last|current|original) (?:one|\S+)\b/.test(n) &&
    !/\b(?:arriv|deliver|receiv|package|parcel|box)/.test(n);
  // "Much better than the cheap ones that always crack": praise by comparison, not a complaint.
  const comparison =
    /\b(?:better|worse|sturdier|stronger|nicer|cheaper) than\b|\bunlike (?:the|my|those)\b|\bcompared (?:to|with)\b/.test(
      n,
    );
  if (cue.damaged(n) && !ownOldThing && !comparison) add('complaint', 'damaged');
  if (cue.wrongItem(n)) add('complaint', 'wrong_item');
  if (cue.missingItem(n) && !/\bmissing (?:order|package|parcel|delivery)\b/.test(n)) add('complaint', 'missing_item');
  if (cue.notDelivered(n)) add('complaint', 'other');
  const complaint = found.some(([t]) => t === 'complaint');
  const pastReturn = cue.pastReturn(n);
  // "Confirm by return email", "the return address": no return asked.
  const returnText = n.replace(
    /\bby return(?: of)?(?: e-?mail| mail| post)?\b|\breturn (?:e-?mail|mail|address|post)\b/g,
    ' ',
  );
  if (policyQuestion) {
    // "What's your return window? Do gift recipients get a gift receipt?" asks about the policy only.
  } else if (cue.returnRequest(returnText) && !pastReturn && !/\breturn(?:ed)? to (?:sender|the sender|you)\b/.test(n))
    // "Happy to return it if you send a label" inside a complaint is its remedy, not a request of its own.
    add('action_request', 'return', cue.returnOffer(n) ? { implicit: true } : {});
  else if (
    (scores.return_request ?? 0) >= 2 &&
    returnText === n &&
    !complaint &&
    !pastReturn &&
    !cue.damaged(n) &&
    !/\b(?:si hace falta|if (?:needed|necessary)|falls notig|si besoin|si necesario)\b/.test(n)
  )
    add('action_request', 'return', { implicit: true });
  if (ADDRESS_CHANGE.some((re) => re.test(n))) add('action_request', 'address_change');

  if (cue.otherRequest(n)) add('action_request', 'other');
  // An invoice mentioned in passing ("not sure if that was just a receipt") is not asked for.
  const asking =
    question ||
    /\b(?:need|want|would like|i'd like|send|please|require|copy|resend|re-send|forward|necesito|envi|mand|quisiera|brauche|benotige|bitte|schick|senden|besoin|envoy|voudrais|merci de)\b/.test(
      n,
    );
  if (cue.invoice(n) && asking && !policyQuestion && !/\bgift receipt/.test(n)) add('information_request', 'invoice');
  // "My account" alone (weight 1) is where they saw something, not a question about their details.
  if (((scores.customer_info ?? 0) >= 2 || cue.onFile(n)) && !ADDRESS_CHANGE.some((re) => re.test(n))) {
    add('information_request', 'customer_info', { asks: asksOf(n) });
  }
  if (
    cue.stock(n) &&
    (question || /\b(?:let me know|wondering|tell me|want to know)\b/.test(n)) &&
    !/\b(?:my|mi|meine|ma|mon) (?:order|pedido|bestellung|commande)\b/.test(n)
  ) {
    add('product_question', 'stock', { productWords: [...namedWords(raw), ...contentWords(n)] });
  }

  const payment = has(scores, 'payment_status');
  const paymentOnlyInvoice =
    (cue.invoice(n) || REFUND_WORD.test(n)) &&
    !/\b(?:pay|paid|payment|charge|pago|cobr|zahl|bezahl|abgebucht|paiement|paye|debit)/.test(n);
  if (cue.doubleCharge(n)) add('status_question', 'payment', { doubleCharge: true });
  else if (cue.amountPaid(n)) add('status_question', 'payment', cue.shippingCost(n) ? { shippingCost: true } : {});
  else if (payment > 0 && !paymentOnlyInvoice && (payment >= 3 || question)) add('status_question', 'payment');
  if ((scores.order_items ?? 0) > 0 || cue.items(n)) add('status_question', 'items');

  // Where is it / has it shipped. Weak shipping words inside a complaint, a request or a thank-you
  // ("it arrived broken", "the shirts arrived, thanks") are not a question about where it is.
  const status = has(scores, 'shipping_tracking', 'order_status');
  const help = scores.order_help ?? 0;
  const otherThings = found.length > 0;
  const good = (cue.gratitude(n) || cue.goodNews(n)) && !question;
  const strongStatus = status >= 3 || STRONG_STATUS.test(n) || cue.shippingQuestion(n);
  if (policyQuestion) {
    // A question about the store (showroom, pick-up in person, wholesale) is not about where an order is.
  } else if ((status > 0 || cue.shippingQuestion(n)) && (strongStatus || (!otherThings && !good))) {
    if (!(otherThings && !strongStatus) && !(good && !strongStatus)) add('status_question', 'status');
  } else if (help > 0 && !otherThings && !found.some(([, topic]) => topic === 'cancel')) {
    add('status_question', 'status');
  } else if (/\b(?:en (?:est|sont) ou|ou en (?:est|sont))\b/.test(n) && !otherThings) {
    add('status_question', 'status');
  }

  if (found.length === 0) {
    if (/\?{2,}|^\W*\?/.test(raw) && /\b(?:order|orders|package|pedido|bestellung|commande|paket|colis)\b/.test(n))
      add('status_question', 'status');
    else if (cue.gratitude(n) || cue.justSaying(n)) add('other', 'thanks');
    else if (question) add('information_request', 'other');
  }
  return found;
}

const STRONG_STATUS =
  /\b(?:en (?:est|sont) ou|ou en (?:est|sont)|where(?:'s| is| are)|track|has it shipped|did it ship|when will|not (?:yet )?(?:arrived|received)|haven't (?:received|got)|still (?:waiting|not)|donde esta|no (?:me )?ha llegado|wo (?:ist|bleibt)|noch nicht (?:angekommen|erhalten|da)|ou est|pas (?:encore )?recu)\b/;

/** Mirrors understand.ts: a change to where an order goes. */
const ADDRESS_CHANGE: readonly RegExp[] = [
  /\b(?:change|changing|update|updating|correct|amend|modify|edit)\b(?: \S+){0,4} (?:delivery|shipping|postal|ship-to|mailing) address\b/,
  /\b(?:delivery|shipping|ship-to) address\b(?: \S+){0,4} (?:changed|updated|corrected|amended)\b/,
  /\b(?:change|update|correct|amend|modify)\b(?: \S+){0,3} address (?:on|for|of) (?:my |the |this |that )?order\b/,
  /\b(?:ship|send|deliver|redirect|reroute) (?:it|them|my order|the order|the package|the parcel) to (?:a |my )?(?:different|new|another|other) address\b/,
  /\b(?:change|update|switch) (?:it|that|the address|my address|the delivery address) to \d+ \S+/,
  /\b(?:ship|send|deliver|redirect|reroute) (?:it|them|my order|the order|the package|the parcel) to (?:my |our )?(?:work|office|workplace|parents'?|mom'?s|dad'?s|neighbou?r'?s?|new (?:place|house|flat|apartment))\b/,
  /\b(?:liefer|versand|zustell)(?:adresse|anschrift)\b(?: \S+){0,5} (?:andern|aendern|korrigieren|anpassen|aktualisieren|geandert)\b/,
  /\b(?:andern|aendern|korrigieren)\b(?: \S+){0,4} (?:liefer|versand|zustell)(?:adresse|anschrift)\b/,
  /\bneue (?:liefer|versand)?adresse\b/,
  /\b(?:put|entered|used|typed|gave|wrote|selected|chose|left) (?:in )?(?:my |the |our |an? )?(?:old|wrong|previous|former|outdated|incorrect) (?:\S+ )?address\b/,
  /\b(?:can|could|would|will) (?:it|they|you|the order|my order|the package|the parcel|this) (?:still )?(?:go|be (?:sent|shipped|delivered|redirected|rerouted)|ship) to \d+ \S+/,
  /\b(?:address change|change of address|changing (?:my|the) address)\b/,
  /\b(?:puse|escribi|meti|di|use) (?:la|mi) direccion (?:antigua|vieja|equivocada|incorrecta|anterior)\b|\bcambio de direccion\b/,
  /\b(?:alte|falsche|veraltete) (?:liefer|versand)?adresse (?:angegeben|eingegeben|hinterlegt|genommen|verwendet)\b|\badress(?:e)?anderung\b/,
  /\b(?:mis|indique|entre|saisi|donne) (?:l'|l |mon |une )?(?:ancienne|mauvaise) adresse\b|\bchangement d'adresse\b/,
  /\b(?:cambiar|modificar|corregir|actualizar|cambien|cambies|cambieis)\b(?: \S+){0,3} (?:la )?direccion\b(?! (?:de )?(?:correo|e-?mail|electronica))/,
  /\bdireccion de (?:envio|entrega)\b(?: \S+){0,5} (?:cambiar|modificar|corregir|cambiada)\b/,
  /\b(?:changer|modifier|corriger|mettre a jour)\b(?: \S+){0,3} (?:l'|l |mon |son )?adresse\b(?! (?:e-?mail|mail|electronique))/,
  /\badresse de livraison\b(?: \S+){0,5} (?:changer|modifier|corriger|changee|modifiee)\b/,
  // A wrong part of the address: "wrong apartment number", "puse mal el número de apartamento".
  /\b(?:wrong|incorrect|typo in (?:the|my)) (?:apartment|apt|unit|suite|flat|house|street|zip|post) ?(?:number|no|#|code)\b|\b(?:apartment|apt|unit|suite|flat|house) (?:number|no|#) (?:is|was) wrong\b/,
  /\b(?:puse|escribi|meti|pusimos) mal (?:el|la|mi) (?:numero de (?:apartamento|departamento|piso|casa|portal|calle)|direccion|calle|codigo postal|piso|depto|departamento)\b|\bcorreccion de (?:la )?direccion\b/,
  /\bfalsche (?:hausnummer|wohnungsnummer|postleitzahl|strasse)\b/,
  /\b(?:mauvais|erreur (?:de|dans le)) (?:numero d'appartement|numero de rue|code postal)\b/,
];

function asksOf(n: string): ProfileAsk[] {
  const asks: ProfileAsk[] = [];
  if (
    /\b(?:phone|telephone|mobile|cell|telefono|movil|telefon|handy|portable)\b|\bwhat number\b|\bnumber (?:do you have|on file)\b/.test(
      n,
    )
  )
    asks.push('phone');
  if (
    /\b(?:address|direccion|adresse|anschrift)\b(?! ?(?:e-?mail|electronica|de correo))/.test(n) &&
    !/\be-?mail address\b/.test(n)
  )
    asks.push('address');
  if (/\b(?:e-?mail|correo|courriel)\b/.test(n)) asks.push('email');
  if (/\b(?:company|empresa|firma|societe|entreprise)\b/.test(n)) asks.push('company');
  return asks;
}

/** Words that could name a product: not stock words, not function words, not short. */
const NOT_PRODUCT = new Set(
  'stock back available again still currently have sell carry disponibles dispo nouveau verfugbar lieferbar vorratig when will soon restock restocked sold does there your you any the this that these those with from about please thanks thank hello know wondering wanted want would could like order ordered more some them they tienen stock disponible agotado vuelve volvera cuando habra hola gracias hay lager wieder verfugbar ausverkauft lieferbar haben habt noch wann bitte danke hallo disponible rupture nouveau encore toujours avez merci bonjour quand produit product producto produkt article articulo artikel item items size color colour'.split(
    ' ',
  ),
);

/** Words of a capitalised name in the customer's text ("the Felted Wool Slippers"): product names, first. */
function namedWords(raw: string): string[] {
  return [...new Set(namedGroups(raw).flat())];
}

/** Each capitalised name in the text ("the Alpaca Knit Beanie … (Ash Handle Pruning Shears)") as its own words. */
function namedGroups(raw: string): string[][] {
  const names = raw.match(/(?<![.!?]\s|^)\b\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)+/gu) ?? [];
  return names
    .map((name) => tokens(normalize(name)).filter((w) => w.length >= 3 && !NOT_PRODUCT.has(w)))
    .filter((words) => words.length > 0);
}

function contentWords(n: string): string[] {
  // SKU-like codes ("FH-SKLT-12") first: the most telling search words.
  const skus = n.match(/\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g)?.filter((w) => /\d/.test(w) && /[a-z]/.test(w)) ?? [];
  const words = tokens(n).filter((w) => w.length >= 3 && !NOT_PRODUCT.has(w) && !isStopword(w) && !/^\d+$/.test(w));
  return [...new Set([...skus, ...words])].slice(0, 12);
}
