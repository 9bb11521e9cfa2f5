/**
 * How one draft is scored against its labels. Every check is a plain function of the draft text,
 * the pipeline's answer plan and the store, so a failure names exactly what was wrong.
 */
import type { StoreData } from '../../simulator/index.js';
import type { PlanItem } from '../../src/assistant/plan/types.js';
import { guessLanguage } from '../../src/assistant/understanding/language.js';
import type { EvalCase, Fact, StatusWord } from './cases.js';

export interface CheckResult {
  skip: boolean;
  items: boolean;
  orders: boolean;
  facts: boolean;
  forbidden: boolean;
  crossCustomer: boolean;
  claims: boolean;
  language: boolean;
  empathy: boolean;
}
export const CHECKS: readonly (keyof CheckResult)[] = [
  'skip',
  'items',
  'orders',
  'facts',
  'forbidden',
  'crossCustomer',
  'claims',
  'language',
  'empathy',
];

export interface Scored {
  checks: CheckResult;
  problems: string[];
  forbiddenFacts: number;
  crossCustomerFacts: number;
  claimedActions: number;
}

const flat = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/[’‘]/g, "'");

const TZ = 'America/New_York';
const LOCALE: Record<string, string> = { en: 'en-GB', es: 'es-ES', de: 'de-DE', fr: 'fr-FR' };

const STATUS: Record<string, Record<StatusWord, RegExp>> = {
  en: {
    shipped: /\bshipped\b|\bsent with\b|\bon its way\b/,
    partially_shipped: /\bpart of (?:your|it|the)|\bpartly shipped|\bpartially shipped|\bstill to ship/,
    refunded: /\brefunded\b/,
    partially_refunded:
      /\bpartial refund|\bpartly refunded|\bpartially refunded|\bpart of (?:your|the) order \S+ was refunded/,
    cancelled: /\bcancell?ed\b/,
    declined: /\bdeclined\b/,
    awaiting_payment: /\bwaiting for (?:the )?payment|\bawaiting payment/,
    awaiting_fulfillment: /\bpreparing\b|\bbeing prepared\b/,
    awaiting_shipment: /\bwaiting for (?:the )?carrier|\bpacked\b/,
    pending: /\bpending\b|\bhasn't been completed|\bnot (?:been )?completed|\bnot confirmed|\bhasn't been confirmed/,
    completed: /\bcomplete[d]?\b/,
    in_stock: /(?<!out of )\bin stock\b/,
    out_of_stock: /\bout of stock\b/,
  },
  es: {
    shipped: /\benviad[oa]s?\b|\bse envio\b|\bsalio\b|\ben camino\b/,
    partially_shipped:
      /\bparte de\b|\bparcialmente enviad|\bfalta por enviar|\bpendiente(?:s)? de envio|\bqueda(?:n)? por enviar|\btodavia por enviar/,
    refunded: /\breembolsad[oa]s?\b/,
    partially_refunded: /\breembolso parcial|\bparcialmente reembolsad/,
    cancelled: /\bcancelad[oa]s?\b|\banulad[oa]s?\b/,
    declined: /\brechazad[oa]\b|\bdenegad[oa]\b/,
    awaiting_payment:
      /\besperando (?:el |a que llegue el )?pago|\bpendiente de pago|\ba la espera de(?:l| recibir el) pago/,
    awaiting_fulfillment: /\bpreparando\b|\ben preparacion\b/,
    awaiting_shipment: /\bembalad[oa]\b|\bempaquetad[oa]\b|\btransportista\b/,
    pending: /\bpendiente\b|\bno se ha completado|\bno se completo/,
    completed: /\bcompletad[oa]\b/,
    in_stock: /\ben stock\b|(?<!no )\bdisponible\b/,
    out_of_stock: /\bagotad[oa]s?\b|\bsin stock\b/,
  },
  de: {
    shipped: /\bversandt\b|\bverschickt\b|\bunterwegs\b|\bversendet\b/,
    partially_shipped:
      /\bteilweise versandt|\bteil (?:ihrer|der) bestellung|\bnoch zu versenden|\bnoch nicht versandt|\bnoch versandt werden/,
    refunded: /\berstattet\b/,
    partially_refunded: /\bteilerstattung\b|\bteilweise erstattet\b/,
    cancelled: /\bstorniert\b/,
    declined: /\babgelehnt\b/,
    awaiting_payment:
      /\bwartet auf (?:die |den eingang der )?zahlung|\bzahlung (?:ist )?(?:noch )?ausstehend|\bzahlungseingang/,
    awaiting_fulfillment: /\bvorbereit|\bbereiten\b.{0,40}\bvor\b|\bbearbeit|\bzusammengestellt/,
    awaiting_shipment: /\bverpackt\b|\bpaketdienst\b|\bversanddienstleister\b|\bspediteur\b/,
    pending: /\bausstehend\b|\bnicht abgeschlossen\b|\bnoch nicht bestatigt/,
    completed: /\babgeschlossen\b/,
    in_stock: /(?<!nicht )\bauf lager\b|\bvorratig\b/,
    out_of_stock: /\bnicht (?:mehr )?auf lager\b|\bausverkauft\b/,
  },
  fr: {
    shipped: /\bexpedie(?:e|s|es)?\b|\benvoye(?:e|s|es)?\b|\ben route\b/,
    partially_shipped: /\bpartiellement expedi|\bune partie\b|\breste a expedier|\bencore a expedier/,
    refunded: /\brembourse(?:e|s|es)?\b/,
    partially_refunded: /\bremboursement partiel|\bpartiellement rembourse/,
    cancelled: /\bannule(?:e|s|es)?\b/,
    declined: /\brefuse(?:e)?\b/,
    awaiting_payment: /\battente (?:du|de|de la reception du) paiement|\ben attente de paiement/,
    awaiting_fulfillment: /\bprepar/,
    awaiting_shipment: /\bemballe(?:e)?\b|\btransporteur\b/,
    pending: /\ben attente\b|\bpas (?:encore )?(?:ete )?finalise|\bpas ete confirme/,
    completed: /\btermine(?:e)?\b|\bcomplete(?:e)?\b/,
    in_stock: /\ben stock\b|(?<!pas )\bdisponible\b/,
    out_of_stock: /\brupture de stock\b|\bepuise(?:e)?\b/,
  },
};

const EMPATHY: RegExp[] = [
  /\bsorry\b|\bapolog|\bi understand\b|\bwe understand\b|\bunderstand the (?:worry|concern|frustration)/,
  /\bsiento\b|\blamento\b|\bsentimos\b|\blamentamos\b|\bdisculp|\bentiendo (?:tu|su|la) preocupacion/,
  /\btut (?:uns|mir) (?:sehr )?leid\b|\bentschuldig|\bbedauern\b|\bverstehen (?:ihre|die) sorge/,
  /\bdesole(?:e|s)?\b|\bexcus|\bcomprenons votre|\bnavre/,
];

/**
 * A sentence that says an action was taken or will be: by us ("we have refunded", "hemos
 * cancelado", "wir haben erstattet", "nous avons annulé", "we'll send a replacement"), or a
 * passive "has been cancelled/refunded" that no order of the sender supports.
 */
const FIRST_PERSON_CLAIMS: RegExp[] = [
  /\b(?:we|i)(?:'ve| have| had)? (?:already |now |just )?(?:refunded|cancell?ed|issued (?:a|your|the) refund|processed (?:a|your|the) (?:refund|return|cancell?ation)|changed (?:the|your) (?:address|order)|updated (?:the|your) (?:address|order)|approved (?:your|the) (?:return|exchange|refund)|sent (?:you )?(?:a|the) replacement|arranged (?:a|the|your) (?:return|replacement|exchange))\b/,
  /\b(?:we|i)(?:'ll| will| are going to) (?:refund|cancel|send (?:you )?(?:a|the) (?:replacement|new)|replace|change the address|update the address|issue (?:a|the|your) refund|process (?:a|the|your) refund)\b/,
  /\b(?:hemos|he|te hemos|le hemos) (?:reembolsado|cancelado|anulado|cambiado la direccion|aprobado (?:la|tu|su) devolucion)\b|\b(?:te|le) (?:reembolsaremos|enviaremos (?:un|otro) (?:nuevo|reemplazo))\b|\bcancelaremos\b/,
  /\b(?:wir haben|ich habe) [^.\n]{0,40}(?:erstattet|storniert|geandert|genehmigt|ersetzt)\b|\bwir werden [^.\n]{0,30}(?:erstatten|stornieren|ersetzen|andern)\b/,
  /\b(?:nous avons|j'ai) [^.\n]{0,30}(?:rembourse(?:e|s)?\b|annule(?:e|s)?\b|modifie l'adresse|accepte (?:votre|le) retour)|\b(?:nous )?(?:rembourserons|annulerons)\b/,
];
const PASSIVE_CLAIMS: { re: RegExp; supportedBy: number[] }[] = [
  {
    re: /\bhas been (?:fully |partially )?refunded\b|\brefund (?:has been|was) (?:issued|processed|approved|sent)\b/,
    supportedBy: [4, 14],
  },
  {
    re: /\b(?:has|have) been cancell?ed\b|\bcancell?ation (?:has been|is|was) (?:confirmed|processed|done)\b/,
    supportedBy: [5],
  },
  { re: /\bha sido reembolsad|\bfue reembolsad/, supportedBy: [4, 14] },
  { re: /\bha sido (?:cancelad|anulad)|\bfue (?:cancelad|anulad)/, supportedBy: [5] },
  { re: /\b(?:wurde|ist) (?:bereits |vollstandig )?(?:zuruck)?erstattet\b/, supportedBy: [4, 14] },
  { re: /\b(?:wurde|ist) (?:bereits )?storniert\b/, supportedBy: [5] },
  { re: /\ba ete rembourse/, supportedBy: [4, 14] },
  { re: /\ba ete annule/, supportedBy: [5] },
];

export function countClaims(draft: string, senderStatuses: number[]): number {
  const text = flat(draft);
  let count = 0;
  for (const re of FIRST_PERSON_CLAIMS) if (re.test(text)) count += 1;
  for (const { re, supportedBy } of PASSIVE_CLAIMS) {
    if (re.test(text) && !senderStatuses.some((s) => supportedBy.includes(s))) count += 1;
  }
  return count;
}

export function factMatches(draft: string, fact: Fact, language: string): boolean {
  const text = flat(draft);
  if ('order' in fact) return new RegExp(String.raw`(?<![\p{L}\p{N}])${fact.order}(?![\p{N}])`, 'u').test(draft);
  if ('tracking' in fact) return draft.includes(fact.tracking);
  if ('carrier' in fact) return text.includes(flat(fact.carrier));
  if ('text' in fact) return text.includes(flat(fact.text));
  if ('amount' in fact) {
    const [whole = '0', frac = '00'] = fact.amount.split('.');
    const grouped = Number(whole).toLocaleString('en-US').replace(/,/g, '[,. ]?');
    return new RegExp(String.raw`(?<![\d.,])${grouped}[.,]${frac.padEnd(2, '0')}(?!\d)`).test(text);
  }
  if ('date' in fact) {
    const date = new Date(`${fact.date}T12:00:00Z`);
    const formatted = new Intl.DateTimeFormat(LOCALE[language] ?? 'en-GB', {
      day: 'numeric',
      month: 'long',
      timeZone: TZ,
    }).format(date);
    return text.includes(flat(formatted));
  }
  return (STATUS[language] ?? STATUS.en!)[fact.status].test(text);
}

const NEGATION =
  /\b(?:not|no longer|isn't|wasn't|hasn't|can't|cannot|never|no|nicht|kein|keine|nie|pas|plus|jamais|aucun|ni)\b|n't\b|\bn'/;

/** The draft's sentences that are not negated. */
function affirmedSentences(draft: string): string[] {
  return draft.split(/(?<=[.!?])\s+|\n+/).filter((sentence) => !NEGATION.test(flat(sentence)));
}

function sameSet(a: number[], b: number[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export interface DraftOutcome {
  skipped: boolean;
  draft: string | null;
  plan: PlanItem[];
  /** Statuses of the sender's own orders (for passive claims the store supports). */
  senderStatuses: number[];
}

export function scoreCase(
  c: EvalCase,
  outcome: DraftOutcome,
  store: StoreData,
  sender: string,
  emailText: string,
): Scored {
  const problems: string[] = [];
  const checks: CheckResult = {
    skip: outcome.skipped === c.skip,
    items: true,
    orders: true,
    facts: true,
    forbidden: true,
    crossCustomer: true,
    claims: true,
    language: true,
    empathy: true,
  };
  if (!checks.skip) problems.push(c.skip ? 'should have been skipped' : 'was skipped');
  if (c.skip || outcome.skipped || outcome.draft === null) {
    return { checks, problems, forbiddenFacts: 0, crossCustomerFacts: 0, claimedActions: 0 };
  }
  const draft = outcome.draft;
  const plan = outcome.plan;

  // Expected items are matched one to one: two questions on one topic need two plan items, and an
  // item whose orders are the expected ones is preferred.
  const used = new Set<PlanItem>();
  for (const expected of c.items) {
    const candidates = plan.filter((i) => i.type === expected.type && i.topic === expected.topic && !used.has(i));
    const found =
      candidates.find((i) => sameSet([...i.orderIds, ...i.unmatched], expected.orders)) ??
      candidates[0] ??
      plan.find((i) => i.type === expected.type && i.topic === expected.topic);
    if (found) used.add(found);
    if (!found) {
      checks.items = false;
      checks.orders = false;
      problems.push(
        `item ${expected.type}/${expected.topic} not found (plan: ${plan.map((i) => `${i.type}/${i.topic}`).join(', ') || 'empty'})`,
      );
      continue;
    }
    const got = [...found.orderIds, ...found.unmatched];
    if (!sameSet(got, expected.orders)) {
      checks.orders = false;
      problems.push(
        `${expected.type}/${expected.topic}: orders ${JSON.stringify(got)} instead of ${JSON.stringify(expected.orders)}`,
      );
    }
  }
  const spurious = plan.filter(
    (i) => i.type === 'action_request' && !c.items.some((e) => e.type === i.type && e.topic === i.topic),
  );
  if (spurious.length > 0) {
    checks.items = false;
    problems.push(`request read where none was asked: ${spurious.map((i) => i.topic).join(', ')}`);
  }

  for (const fact of c.mustState) {
    if (!factMatches(draft, fact, c.language)) {
      checks.facts = false;
      problems.push(`missing fact ${JSON.stringify(fact)}`);
    }
  }
  let forbiddenFacts = 0;
  for (const fact of c.mustNotState) {
    // "It can no longer be cancelled" does not state that it was: negated sentences do not count for statuses.
    const stated =
      'status' in fact
        ? affirmedSentences(draft).some((s) => factMatches(s, fact, c.language))
        : factMatches(draft, fact, c.language);
    if (stated) {
      forbiddenFacts += 1;
      checks.forbidden = false;
      problems.push(`forbidden fact stated ${JSON.stringify(fact)}`);
    }
  }
  const cross = crossCustomerFacts(draft, store, sender, emailText);
  if (cross.length > 0) {
    checks.crossCustomer = false;
    problems.push(`another customer's data: ${cross.join('; ')}`);
  }
  const claimedActions = countClaims(draft, outcome.senderStatuses);
  if (claimedActions > 0) {
    checks.claims = false;
    problems.push('claims an action was taken or will be');
  }
  const body = draft.split('\n\n').slice(1, -1).join('\n\n');
  const replyLanguage = guessLanguage(body).language;
  if (replyLanguage !== c.language) {
    checks.language = false;
    problems.push(`reply in ${replyLanguage} instead of ${c.language}`);
  }
  const apologised = EMPATHY.some((re) => re.test(flat(body)));
  if (apologised !== c.empathy) {
    checks.empathy = false;
    problems.push(c.empathy ? 'no empathy where the customer needed it' : 'apologises where nothing went wrong');
  }
  return { checks, problems, forbiddenFacts, crossCustomerFacts: cross.length, claimedActions };
}

/**
 * Another customer's data in the draft: their email, full name, order numbers, tracking numbers.
 * Values the sender wrote themselves, and values also in the sender's own data, do not count.
 */
export function crossCustomerFacts(draft: string, store: StoreData, sender: string, emailText: string): string[] {
  const lower = (v: string | undefined | null): string => (v ?? '').trim().toLowerCase();
  const me = lower(sender);
  const myIds = new Set(store.customers.filter((c) => lower(c.email) === me).map((c) => c.id));
  const mine = store.orders.filter(
    (o) => ((o.customer_id ?? 0) > 0 && myIds.has(o.customer_id ?? 0)) || lower(o.billing_address.email) === me,
  );
  const mineIds = new Set(mine.map((o) => o.id));
  const own = [
    me,
    ...store.customers.filter((c) => myIds.has(c.id)).map((c) => `${c.first_name} ${c.last_name}`),
    ...mine.flatMap((o) => [
      `${o.billing_address.first_name} ${o.billing_address.last_name}`,
      ...(o.shipments ?? []).map((s) => s.tracking_number ?? ''),
      ...o.products.map((p) => p.name),
    ]),
  ]
    .map(lower)
    .join('\n');
  const wrote = lower(emailText);
  const text = lower(draft);
  const out: string[] = [];
  const literal = (what: string, value: string | undefined): void => {
    const v = lower(value);
    if (v.length < 4 || wrote.includes(v) || own.includes(v)) return;
    if (text.includes(v)) out.push(`${what} (${value})`);
  };
  for (const c of store.customers) {
    if (myIds.has(c.id)) continue;
    literal(`email of customer ${c.id}`, c.email);
    literal(`name of customer ${c.id}`, `${c.first_name} ${c.last_name}`);
  }
  for (const o of store.orders) {
    if (mineIds.has(o.id)) continue;
    literal(`billing email of order ${o.id}`, o.billing_address.email);
    for (const s of o.shipments ?? []) literal(`tracking of order ${o.id}`, s.tracking_number);
    const number = new RegExp(String.raw`(?<![\p{L}\p{N}])${o.id}(?![\p{N}])`, 'u');
    if (number.test(draft) && !number.test(emailText)) out.push(`number of order ${o.id}`);
  }
  return out;
}
