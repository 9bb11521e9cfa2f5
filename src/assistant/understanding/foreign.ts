import type { ItemTopic, ItemType } from '../plan/types.js';
import { normalize } from './normalize.js';

/**
 * The gist of an email in a language the built-in composer does not speak (Italian, Portuguese,
 * Dutch, Polish, Swedish, Danish, Norwegian, Finnish, Czech, Romanian, Turkish), from a few
 * unambiguous words per topic. Enough to answer "where is my order", "has my refund arrived",
 * "why was it cancelled", "is it in stock" and "it arrived broken" with the store's facts; the
 * agent gets a note that the reply is not in the customer's language.
 */
const TOPICS: readonly [ItemType, ItemTopic, RegExp][] = [
  [
    'status_question',
    'refund',
    /\b(?:rimbors|reembols|terugbetal|terugstort|zwrot|aterbetal|refusion|tilbagebetal|hyvity|palautus|vraceni|vracen|rambursa|iade)\w*|\b(?:soldi indietro|geld terug|pengarna tillbaka|pengar tillbaka|pengene tilbage|pengene tilbake|dinheiro de volta|rahat takaisin|penize zpet|banii inapoi)\b|\bpenize\b.{0,40}\b(?:odesl|vratil|poslal|prisl|dorazil)\w*/,
  ],
  [
    'action_request',
    'cancel',
    /\b(?:annullare|annullate|annulla|annuleren|annuleer|anulowac|anulujcie|anuluj|avbesta|avboka|afbestil|annullere|peruuttaa|peruuta|peruutan|zrusit|zruste|zrusen[ai]|anulati|anulez|iptal edin|iptal etmek)\w*/,
  ],
  [
    'status_question',
    'cancel',
    /\b(?:annullat|cancelad|geannuleerd|anulowan|avbrut|avbokad|annuller|peruutet|peruttu|zrusen|stornovan|anulat|iptal)\w*/,
  ],
  [
    'complaint',
    'damaged',
    /\b(?:rott[oa]|danneggiat|quebrad|partid[oa]|kapot|beschadigd|uszkodzon|pekniet|trasig|sprucken|itu|odstepn|rozbit|spart|kirik|hasarli|revnet|knust|skadet)\w*/,
  ],
  [
    'complaint',
    'missing_item',
    /\b(?:ontbreekt|ontbraken|zat(?:en)? er niet bij|manca|mancano|mancava|faltou|faltando|saknas|saknades|fattas|mangler|manglede|puuttuu|puuttui|chybi|chybel[ao]?|lipseste|eksik)\b/,
  ],
  [
    'action_request',
    'return',
    /\b(?:reso|restituire|sostituzione|devolver|devolucao|trocar|omruilen|ruilen|terugsturen|vervangen|zwrocic|wymiana|wymienic|returnera|byta ut|ombytning|bytte|returnere|vaihtaa|vaihto|vratit|vymenit|vymena|inlocui|degisim|degistir)\w*|\bny \w+ (?:frem for|i stedet)\b/,
  ],
  [
    'product_question',
    'stock',
    /\b(?:disponibil|esaurit|em estoque|esgotad|op voorraad|uitverkocht|dostepn|pa lager|i lager|lagerstatus|slutsald|utsald|varastossa|skladem|stoc|stokta)\w*/,
  ],
  [
    // "What did I order?": the first person of "order" in each language, with a question word.
    'status_question',
    'items',
    /\b(?:co (?:\S+ )?zamowi[lł](?:am|em|ysmy|ismy)|cosa (?:\S+ )?ho (?:ordinato|comprato)|o que (?:eu )?(?:\S+ )?(?:encomendei|pedi|comprei)|wat heb ik (?:\S+ )?(?:besteld|gekocht)|vad (?:har jag|jag) (?:\S+ )?(?:bestallt|kopt)|vad bestallde jag|hva(?:d)? (?:har jeg|jeg) (?:\S+ )?(?:bestilt|kjopt|kobt)|mita (?:\S+ )?tilasin|co jsem (?:si )?(?:\S+ )?objednal[a]?|ce am comandat|ne siparis ettim)\b/,
  ],
  ['information_request', 'invoice', /\b(?:fattura|fatura|factuur|faktur|lasku|faktura)\w*/],
  [
    'status_question',
    'payment',
    /\b(?:pagamento|bonifico|betaling|overschrijving|platnosc|przelew|betalning|maksu|platba|plata|odeme|havale)\w*/,
  ],
  [
    'status_question',
    'status',
    /\b(?:ordine|spedizion|spedit|consegn|tracciament|encomenda|pedido|envio|entrega|rastreio|bestelling|verzend|verzonden|levering|zamowien|przesylk|paczk|wysylk|bestallning|leverans|paket|forsendelse|tilaus|toimitus|objednavk|zasilk|comanda|livrare|colet|siparis|kargo|teslimat)\w*/,
  ],
];

/** Chinese and Japanese: no word boundaries, so plain substrings. */
const CJK: readonly [ItemType, ItemTopic, RegExp][] = [
  ['status_question', 'refund', /退款|返金|払い戻し/],
  ['status_question', 'cancel', /取消|キャンセル/],
  ['complaint', 'damaged', /破损|损坏|壊れ|破損|割れ/],
  ['product_question', 'stock', /库存|有货|在庫|入荷/],
  ['information_request', 'invoice', /发票|請求書|領収書/],
  ['status_question', 'payment', /付款|支付|支払|決済|引き落とし|扣款|请款|請求/],
  ['status_question', 'status', /订单|发货|物流|快递|注文|発送|配送|届/],
];

/** Words that ask where a shipment is: a status question even next to more specific topics. */
const SHIPPING =
  /\b(?:spedizion|spedit|tracciament|rastreio|verzend|verzonden|nagestuurd|track (?:&|en) trace|przesylk|wysylk|sledovani|odeslan|takip|kargo)\w*|发货|物流|快递|発送|配送/;

export function foreignTopics(text: string): [ItemType, ItemTopic][] {
  const n = normalize(text);
  const out: [ItemType, ItemTopic][] = [];
  for (const [type, topic, re] of TOPICS) if (re.test(n)) out.push([type, topic]);
  for (const [type, topic, re] of CJK) if (re.test(text) && !out.some(([, t]) => t === topic)) out.push([type, topic]);
  // "Where is my order" is implied by every order question; keep it only when nothing more specific was found.
  // A request to cancel is not also a question whether it was cancelled.
  const asked = out.filter(
    ([type, topic]) =>
      !(
        type === 'status_question' &&
        topic === 'cancel' &&
        out.some(([t, p]) => t === 'action_request' && p === 'cancel')
      ),
  );
  const specific = asked.filter(([, topic]) => topic !== 'status');
  if (specific.length > 0 && SHIPPING.test(n) && asked.some(([, topic]) => topic === 'status')) return asked;
  return specific.length > 0 ? specific : asked;
}
