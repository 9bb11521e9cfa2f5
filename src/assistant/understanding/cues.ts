/**
 * Phrases that tell the kinds of plan items apart, in English, Spanish, German and French, on
 * normalised text (lower case, accents removed; see normalize.ts). They are checked per sentence,
 * after the intent patterns found which topics a sentence touches: these decide whether a refund or
 * cancellation word asks about something that already happened (a status question) or asks for it
 * (an action request), and which sentences are complaints, invoice or stock questions, thanks.
 */

const any =
  (...res: RegExp[]) =>
  (text: string): boolean =>
    res.some((re) => re.test(text));

/** A refund that happened or should have: "has my refund gone through", "I never got my money back". */
export const refundStatus = any(
  /\b(?:my|the|your|this|that) refund\b.{0,50}\b(?:arriv|receiv|gone through|go through|went through|process|come through|came through|show|land|yet|been (?:issued|sent|made|paid)|status|clear|hit|appear|reach)/,
  /\b(?:haven't|have not|hasn't|has not|didn't|did not|never|not yet|still not|still haven't|still no|still waiting|no sign of|not seen|haven't seen)\b.{0,40}\b(?:refund|money back|my money|reimburse)/,
  /\b(?:where(?:'s| is)|what about|what happened (?:to|with)|any news (?:on|about)|update on) (?:my|the) (?:refund|money)\b/,
  /\bwhen (?:will|do|can|should|would) (?:i|we) (?:get|receive|see|have) (?:my|the|a|our) (?:refund|money)/,
  /\b(?:was|were|have|has|am) (?:i|we|it|my order|the order|this|that) (?:been |already |actually )*(?:fully |partially )?refunded\b/,
  /\b(?:refund|refunded) (?:status|yet|already|amount)\b|\bstatus of (?:my|the) refund\b/,
  /\b(?:you|they|someone) (?:said|told|promised|confirmed|issued|processed|approved|mentioned|emailed)\b.{0,40}\brefund/,
  /\b(?:did|has|have) (?:the|my|a|your) refund\b|\bis (?:my|the) refund\b/,
  /\brefund (?:has|hasn't|was|wasn't|is|isn't|went|did)\b/,
  /\bhow much (?:was|did|have|has) (?:i |it |you )?(?:been )?refund/,
  /\b(?:said|told me|saying|promised|mentioned|confirmed|agreed|was told|were told|that) (?:you'd|you would|you'll|you will|you were going to|they'd|they would|i'd|i would|i'll|i will|i was going to) (?:get (?:a |my |the )?|issue (?:a |the )?)?(?:refund|money back|reimburse)/,
  /\b(?:did|will|when will|have) (?:i|we) (?:get|got|receive|received|gotten) (?:my|the|a|our) (?:refund|money)/,
  /\b(?:don't|do not|can't|cannot|can not) see (?:a|the|my|any) (?:refund|credit)/,
  /\brefund\b.{0,40}\b(?:supposed to|take|taking|long)\b/,
  /\b(?:ya )?se (?:hizo|ha hecho|realizo|proceso|ha procesado|ha realizado) el reembolso\b|\bel reembolso (?:ya )?(?:se hizo|esta hecho|se realizo|llego)\b|\b(?:ya )?(?:esta|estan|fue|ha sido) (?:hecho|realizado|procesado|aprobado) el reembolso\b|\bme (?:dijeron|dijo|dijisteis|comentaron|prometieron|aseguraron|confirmaron) que (?:me )?(?:iban|ibais|iba|van|va) a (?:devolver|reembolsar)/,
  /\b(?:ist|sind|wurde) (?:die |meine |eure |ihre )?(?:ruck)?erstattung\b.{0,80}\b(?:durch|erfolgt|da|angekommen|veranlasst|gebucht|raus)\b/,
  /\b(?:ai|avez)[- ](?:je |vous )?(?:bien )?ete rembourse|\bj'ai (?:bien )?ete rembourse|\bai-je (?:bien )?ete rembourse/,
  // es
  /\breembols.{0,60}\b(?:recibido|llegado|procesad|realizad|hecho|todavia|aun|cuando|donde|estado|ya (?:se|me))|\b(?:no (?:he |me )?(?:recibido|llegado|han devuelto|devolvieron)|todavia no|aun no|nunca)\b.{0,50}\b(?:reembols|dinero)/,
  /\bdonde esta (?:mi|el) (?:reembolso|dinero)\b|\bcuando (?:recibire|me llega|llegara|me devuelven).{0,30}(?:reembols|dinero)|\bme (?:han|habeis|habian) reembolsado\b|\bse (?:me )?(?:ha|habia) reembolsado\b/,
  // de
  /\b(?:erstattung|ruckerstattung|gutschrift|ruckzahlung|geld)\b.{0,60}\b(?:nie|nicht|noch (?:nicht|kein)|immer noch|angekommen|erhalten|bekommen|bearbeitet|gebucht|eingegangen|da)\b/,
  /\b(?:nie|nicht|noch (?:nicht|keine?)|immer noch (?:nicht|keine?))\b.{0,50}\b(?:erstattung|ruckerstattung|erstattet|gutschrift|geld zuruck)/,
  /\b(?:wann|wo) (?:bekomme|erhalte|kommt|bleibt|ist)\b.{0,30}\b(?:erstattung|ruckerstattung|geld|gutschrift)/,
  /\b(?:wurde|ist|wurden|bereits|schon) (?:\S+ ){0,4}?(?:erstattet|zuruckerstattet|zuruckgezahlt|gutgeschrieben)\b/,
  // fr
  /\b(?:jamais|pas (?:encore )?(?:recu|ete)|toujours pas|toujours rien|n'ai rien recu)\b.{0,50}\b(?:rembours|argent)/,
  /\brembours.{0,60}\b(?:recu|arrive|effectue|traite|jamais|toujours|encore|quand|ou en est)|\brembours\w* a (?:bien |deja )?ete (?:fait|effectue|vire|verse|credite|traite|valide)\b/,
  /\bvous m'avez (?:bien )?rembours|\bm'avez-vous (?:bien )?rembours/,
  /\b(?:ou en est|quand (?:vais-je|est-ce que je vais|serai-je|aurai-je|vais je)).{0,40}(?:rembours|argent)|\b(?:ai-je|a-t-elle|a-t-il|avez-vous) (?:bien )?ete rembours|\bdeja ete rembours/,
);

/** Asking for a refund: "I want a refund", "please refund me", "can I get my money back". */
export const refundRequest = any(
  /\b(?:i want|i'd like|i would like|i need|i'm asking for|i am asking for|i demand|i request|requesting|please|can i (?:get|have)|could i (?:get|have)|can you|could you|would you|will you|like to (?:get|have|ask for|request)|give me|issue (?:me )?|expect|deserve|asking for|want)\b.{0,30}\b(?:refund|money back|reimburse)/,
  /\brefund (?:me|my money|this|it|them|my order|the order|the full|the difference)\b|\b(?:full|partial) refund\b/,
  // es
  /\b(?:quiero|quisiera|me gustaria|necesito|solicito|pido|exijo|podrian|pueden|podeis|puedes|por favor)\b.{0,40}\b(?:reembols|devolucion del dinero|devuelvan|devolver el dinero)/,
  /\breembolsen(?:me)?\b|\bdevuelvan(?:me)? (?:el|mi) dinero\b/,
  // de
  /\b(?:mochte|moechte|will|wurde gerne|hatte gerne|bitte|fordere|verlange|erstatten sie|konnen sie|konnten sie)\b.{0,40}\b(?:erstattung|ruckerstattung|geld zuruck|erstatten|zuruckerstatten)/,
  // fr
  /\b(?:je (?:veux|voudrais|souhaite|demande|souhaiterais|exige)|merci de|pouvez-vous|pourriez-vous|veuillez|svp)\b.{0,40}\b(?:rembours)/,
);

/** Asking for a cancellation: "please cancel", "can you cancel order 5118", "quiero cancelar", "bitte stornieren", "annuler ma commande". */
export const cancelRequest = any(
  /\b(?:please|pls|can you|could you|would you|will you|can u|i want to|i'd like to|i would like to|i need to|i wish to|want to|like to|need to|i'm writing to|let me|how (?:do|can) i)\b.{0,25}\bcancel\b/,
  /\bcancel (?:my|the|this|that|order|it|them|#|\d)/,
  /^cancel\b/,
  /\b(?:quiero|quisiera|me gustaria|necesito|deseo|puede[ns]?|podeis|podrian|por favor)\b.{0,30}\b(?:cancelar|anular)\b|\b(?:cancelen|cancela|anulen)(?:lo|la|me)?\b/,
  /\b(?:bitte|mochte|moechte|will|wurde gerne|konnen sie|konnt ihr|konnten sie)\b.{0,40}\b(?:stornieren|storniert werden|zuruckziehen)\b|\bstornieren sie\b|\bstorniert (?:die|meine) bestellung\b/,
  /\b(?:je (?:veux|voudrais|souhaite|souhaiterais)|merci d'|pouvez-vous|pourriez-vous|veuillez|svp)\b.{0,30}\bannuler\b|\bannulez\b/,
);

/** A cancellation that happened (or did not): "why was my order cancelled", "I never cancelled". */
export const cancelStatus = any(
  /\bwhy (?:was|were|has|have|is|did|would|got)\b.{0,40}cancel/,
  /\b(?:was|were|been|got|gotten|is|are|has been) (?:\S+ ){0,3}?cancell?ed\b/,
  /\b(?:i|we) (?:never|didn't|did not|haven't|have not|did never) (?:\S+ ){0,2}?cancel/,
  /\b(?:did|has|was) (?:my|the) cancell?ation\b|\bcancell?ation (?:go|gone|went|come|came) through\b|\bcancell?ation (?:confirm|status)/,
  /\b(?:you|they|someone|somebody) (?:\S+ ){0,2}?cancell?ed\b|\bcancell?ed (?:it|my order|the order)\b|\bshows? (?:as )?cancell?ed\b/,
  // es
  /\bpor ?que\b.{0,50}\bcancel|\b(?:fue|ha sido|esta|estaba|se ha|se|han) cancelad[oa]s?\b|\bse cancelo\b|\bno (?:lo |la )?(?:he |hemos )?cancel(?:e|ado|amos)\b|\bcancelaron\b/,
  // de
  /\b(?:it|the order|my order|account|website|site|email|mail) (?:says|said|shows|showed)\b.{0,20}\bcancel/,
  /\b(?:ich habe|hab|wir haben) (?:nichts|nicht|nie|gar nichts) (?:\S+ )?storniert\b|\bje ne l'ai (?:pas|jamais) annulee?\b|\bno he cancelado nada\b/,
  /\bwarum\b.{0,60}\b(?:storn|abgebrochen|annull)|\b(?:wurde|ist|wurden|war) (?:\S+ ){0,4}?(?:storniert|annulliert|abgebrochen)\b|\b(?:nie|nicht) (?:\S+ ){0,3}?storniert\b|\bstornierung (?:durch|bestatigt|geklappt|funktioniert)/,
  // fr
  /\bpourquoi\b.{0,60}\bannul|\b(?:a ete|est|ete|etait) annulee?s?\b|\bje n'ai (?:jamais|pas) annule\b|\bvous avez annule\b/,
);

/** Something arrived broken or does not work. */
export const damaged = any(
  /\b(?:chipped|chip|crack|cracks|dented|scuffed|shattered|bent|warped|stained|dent)\b/,
  /\b(?:damaged|broken|broke|cracked|smashed|shattered|dented|torn|ripped|defective|faulty|leak(?:ing|ed|s)?|scratched|snapped|crushed|bent|shards|in pieces)\b/,
  /\b(?:doesn't|does not|don't|do not|won't|will not|isn't|is not) (?:\S+ )?(?:work|working|turn on|switch on|charge|close|open)\b(?! (?:with|for|in|on|out))|\bstopped working\b/,
  /\b(?:rot[oa]s?|danad[oa]s?|defectuos[oa]s?|estropead[oa]s?|rajad[oa]s?|no funciona|partid[oa]s?|golpead[oa]s?|abollad[oa]s?)\b/,
  /\b(?:kaputt|beschadigt|beschaedigt|zerbrochen|defekt|gebrochen|funktioniert nicht|gerissen|zerkratzt|zersplittert|eingedellt|riss|risse|sprung|delle|bruch|abgebrochen|zerdruckt)\b/,
  /\b(?:casse|cassee|casses|cassees|endommage|endommagee|abime|abimee|abimes|defectueux|defectueuse|fele|felee|ne fonctionne pas|ne marche pas|brise|brisee|en morceaux)\b/,
);

/** The wrong thing arrived. */
export const wrongItem = any(
  /\b(?:sent|send|received|got|shipped|delivered|gave) (?:me |us )?(?:the |a |an )?wrong\b|\bnot what i (?:ordered|bought|paid for)\b|\bwrong (?:item|product|colou?r|model|thing|article|book|one)s? (?:was|were|in|arrived|came)\b/,
  /\b(?:sent|received|got|came|arrived|delivered)\b.{0,40}\b(?:instead of|rather than)\b/,
  /\bnot the (?:\S+ ){0,3}(?:i|we) (?:picked|ordered|chose|selected|wanted|paid for)\b|\bwrong (?:item|product|colou?r|size|model|thing|article|book|one)s? (?:was |were )?(?:sent|received|delivered|shipped|arrived)\b/,
  /\b(?:i|we) (?:definitely |clearly )?(?:chose|ordered|picked|selected) (?:the )?\S+(?: \S+)?,? (?:not|but (?:got|received))\b/,
  /\b(?:(?:articulo|producto|talla|color|modelo) equivocad[oa]|equivocad[oa]s?|no es lo que (?:pedi|compre|he pedido))\b|\bme (?:enviaron|mandaron|llego) (?:\S+ ){0,3}?(?:equivocad|incorrect|otr[oa])/,
  /\b(?:falsche[nrs]?|falsch geliefert|nicht (?:das|die|den), ?was ich bestellt)\b/,
  /\b(?:mauvais(?:e)? (?:article|produit|taille|couleur|modele)|pas ce que j'ai commande|au lieu d[eu'])\b/,
);

/** Part of what was ordered is not in the parcel (not "packages go missing": that is a lost parcel). */
export const missingItem = any(
  /\bonly (?:had|contained|came with|included)\b|\b(?:was|were) (?:it|they) (?:forgotten|left out)\b|\b(?:you )?(?:forgot|left out) (?:the|my|to (?:send|include|pack))\b/,
  /\bthere(?:'s| is| was) no (?!(?:way|need|problem|rush|hurry|tracking|update|news)\b)(?:\S+ ){1,3}in (?:it|the box|the package|the parcel|there)\b|\bno (?:\S+ ){1,3}(?:in|inside) (?:the|my) (?:box|package|parcel)\b/,
  /\b(?:ne (?:sont|est|se trouve|se trouvaient) (?:meme )?pas|n'(?:est|etait) pas) dans le colis\b/,
  /(?<!\bif (?:\S+ ){0,3})\b(?:is|are|was|were) missing\b(?! (?:package|parcel))|\bmissing (?:from|in)\b|\bmissing (?:item|items|piece|pieces|part|parts|one)\b|\b(?:wasn't|was not|weren't|were not|isn't|is not|not) (?:in|inside) the (?:box|package|parcel)\b|\bonly (?:one|two|three|\d) (?:of|out of)\b/,
  /\b(?<!hace |si )(?:falta|faltan|faltaba|faltaban)\b(?! hace)|\bno (?:venia|venian|estaba|estaban) en el paquete\b/,
  /\b(?:fehlt|fehlen|fehlte|fehlten|nicht im paket)\b/,
  /\b(?:manque|manquant|manquante|manquaient|ne (?:se )?trouvait pas dans le colis)\b/,
);

/** The carrier says delivered, the customer has nothing. */
export const notDelivered = any(
  /\b(?:says|shows|marked|listed|showing|tracking (?:says|shows)|claims)\b.{0,30}\bdelivered\b.{0,80}\b(?:but|not|nothing|never|no package|no parcel|isn't|wasn't)\b/,
  /\bdelivered\b.{0,40}\b(?:but|yet)\b.{0,40}\b(?:nothing|not here|never|no package|no parcel|haven't|didn't)\b/,
  /\b(?:entregado|zugestellt|livre)\b.{0,60}\b(?:pero|aber|mais)\b/,
);

/** Where is it / has it gone out, in words the intent patterns miss. */
export const shippingQuestion = any(
  /\bwhere (?:my|the|our) (?:\S+ ){0,2}(?:is|are)\b|\bwhere(?:'s| is| are) (?:my|the|our) (?!refund|money|invoice|receipt)\S+|\bwhere (?:it|they)(?:'s| is| are)(?: at)?\b|\bwhere it'?s at\b|\bif (?:it|they|my order|the order) (?:was|were|has been|have been|has|had) (?:\S+ )?(?:sent|shipped|dispatched|gone out|left)\b|\b(?:was|has) it (?:been )?(?:sent|shipped|dispatched)\b|\bcheck on (?:it|my order|the order)\b|\b(?:get|be) picked up\b|\bwhen (?:it|they|my order|the order) (?:will|would|is going to|might)\b|\bwhen (?:will|would|should|do|does|can i expect) (?:my|the|our|it|they|them|these|those)\b(?: \S+){0,4} (?:get here|arrive|be here|be delivered|turn up|show up|come|ship|be shipped|be sent|go out|reach me)\b|\bon (?:its|their|the) way\b/,
  /\b(?:ha salido|ya salio|salio ya|se envio|lo enviaron|ha sido enviado|donde (?:esta|anda|va)|cuando (?:llega|llegara|sale|saldra|lo envian)|estado de mi pedido|en que estado)\b/,
  /\b(?:schon (?:raus|unterwegs|verschickt|versandt|losgeschickt)|wann (?:kommt|wird|kommen)|wo (?:ist|bleibt|steckt)|wo \S+ (?:gerade |denn )?(?:steckt|bleibt)|noch nicht (?:da|angekommen|eingetroffen)|status meiner|sendungsverfolgung|verschickt worden|versandt worden|unterwegs)\b/,
  /\b(?:est(?:-elle|-il| elle| il)? partie?|est partie|a ete expediee?|deja expediee?|quand (?:vais-je|est-ce que je vais|va-t-elle|va-t-il|vont-elles|vont-ils|arrivera|arriveront)|ou en (?:est|sont)|en (?:est|sont) ou|suivi de (?:mes |ma )?commandes?|numero de suivi)\b/,
);

/** Asking to send something back or swap it. */
export const returnRequest = any(
  /\b(?:return(?:s|ing)?|exchange|swap|replace(?:ment)?|send (?:it|them|this|these|those|the \S+) back)\b/,
  /\b(?:mand(?:eis|en|ar|ad)(?:me)? otro|envi(?:eis|en|ar|ad)(?:me)? otro|otro igual)\b/,
  /\b(?:devolver(?! (?:el|mi|su|me el|me mi) (?:dinero|importe|pago))|devolucion(?! del (?:dinero|importe|pago))|devuelvo|cambiar(?:lo|la|los|las)? por|cambio de talla|hacer un cambio|quiero cambiar(?:lo|la)?|reemplazo|sustitucion)\b/,
  /\b(?:zurucksenden|zuruckschicken|zuruckgeben|retoure|umtauschen|umtausch|ersatz|austausch|zurucksende)\b/,
  /\b(?:retourner|echanger|echange|remplacement|remplacer|(?:un|le|mon|du|de) retour (?:de|du|des|pour|d'|gratuit)|faire (?:un|le) retour|demande de retour)\b/,
);

/** "Happy to return it if you send a label": a return offered as the remedy of a complaint, not asked for on its own. */
export const returnOffer = any(
  /\b(?:happy|willing|glad|able|ready|fine|ok|okay) to (?:return|send (?:it|them|\S+ \S+) back|send back|exchange)\b|\bif you (?:send|email|provide|give) (?:me |us )?(?:a |the )?(?:return |prepaid |shipping )?label\b/,
  /\b(?:puedo|podria) devolver(?:lo|la|los|las)? si\b|\bkann (?:ich )?(?:es |ihn |sie )?gerne zurucksenden\b|\bje (?:peux|veux bien) (?:le |la |les )?renvoyer si\b/,
);

/** Reporting a return already sent ("I mailed it back"): context for a refund question, not a request. */
export const pastReturn = any(
  /\b(?:i|we) (?:already |have |had )?(?:sent|mailed|shipped|posted|returned|dropped off|brought)\b.{0,40}\b(?:back|return)/,
  /\b(?:i|we) (?:already |have |had )?returned\b/,
  /\b(?:ya )?(?:lo |la |los |las )?(?:devolvi|he devuelto|envie de vuelta)\b|\b(?:habe|haben) (?:\S+ ){0,4}zuruckgeschickt\b|\b(?:j'ai|nous avons) (?:deja )?(?:renvoye|retourne)\b/,
);

/** "What are you going to do about it?": the question a complaint ends with; its answer is the complaint's. */
export const remedyQuestion = any(
  /\bwhat (?:are|will|do|should|shall|can) (?:you|we|i) (?:going to |gonna )?do(?: about (?:it|this|that))?\b|\bwhat (?:now|happens now|are my options|can be done)\b|\bhow (?:is|will|can) (?:this|it) (?:be )?(?:put right|fixed|resolved|sorted|made right)\b|\b(?:advise|tell me) how (?:this|it) (?:is|will|can) (?:to )?be (?:put right|fixed|resolved|sorted)\b|\bhow (?:do|can|should) (?:we|i) (?:fix|sort|resolve) this\b/,
  /\b(?:que|como) (?:van|vais|piensan|pensais) a (?:hacer|solucionar)\b|\by ahora que\b|\bwas (?:machen|tun) (?:wir|sie) (?:jetzt|nun)\b|\bwie geht es (?:jetzt )?weiter\b|\bqu'est-ce que vous (?:comptez|allez) faire\b|\bque (?:comptez|allez)-vous faire\b/,
);

/** A question taken back ("never mind, I'll check the website"). */
export const retracted = any(
  /^(?:never ?mind|nvm|scratch that|forget (?:it|that)|no importa|olvidalo|egal|vergessen sie das|laissez tomber|peu importe)\b/,
);

/** Asking what the store has on file for them. */
export const onFile = any(
  /\b(?:phone|number|address|e-?mail|details|info|information)\b.{0,40}\b(?:you have|you've got|you hold|is|are) (?:on|in|for|under) (?:my|the|our) (?:account|profile|file|record)\b|\b(?:phone|number|address|e-?mail|details)\b (?:you have )?(?:on|in) (?:my|our) (?:account|profile)\b/,
  /\b(?:direccion|telefono|correo|datos)\b.{0,60}\b(?:figuran?|constan?|aparecen?|tienen)\b.{0,30}\b(?:mi cuenta|mi perfil|su sistema|sus datos)\b|\b(?:adresse|telefonnummer|e-mail|daten)\b.{0,60}\b(?:in meinem (?:kunden)?konto|im (?:kunden)?konto)\b|\b(?:adresse|telephone|numero|e-mail|coordonnees)\b.{0,60}\b(?:dans|sur) mon (?:compte|profil)\b/,
  /\bwhat (?:\S+ ){0,4}(?:phone|number|address|email|e-mail|details|info|information|name)\b.{0,30}\bdo you have\b/,
  /\bdo you have (?:for|on|about) me\b|\bhave (?:on file|for me|on record)\b|\bon (?:file|record)\b/,
  /\bis (?:my|the) (?:email|e-mail|phone(?: number)?|address|name|account email)\b.{0,20}\b(?:right|correct|up to date|current|still)\b/,
  /\bwhich (?:email|e-mail|phone(?: number)?|address) (?:do you|have you|is)\b/,
  /\b(?:email|e-mail|correo|telefono|direccion|datos|adresse|telefonnummer|numero)\b.{0,40}\b(?:guardad[oa]s?|registrad[oa]s?|gespeichert|hinterlegt|enregistre(?:e|s)?|dans (?:votre|le) (?:systeme|fichier))\b/,
  /\b(?:que|cuales) datos (?:tienen|teneis|tienes)\b|\bwelche (?:daten|adresse|telefonnummer|e-mail)\b.{0,40}\b(?:haben sie|habt ihr|gespeichert|hinterlegt)\b|\bquelles (?:informations|coordonnees|donnees)\b/,
);

/** What was ordered: items, quantities, colours, what is still to come. */
export const items = any(
  /\b(?:anything|something|what|which (?:items?|things?|bits?))(?:'s| is| are)? (?:else )?(?:still )?(?:left|to come|remaining|outstanding|not (?:yet )?shipped|that (?:hasn't|hasnt|has not|haven't|have not) (?:been )?(?:shipped|sent|come))\b|\bwhat (?:am i|are we) (?:still )?waiting (?:for|on)\b|\b(?:the )?rest of (?:my|the|our) (?:stuff|order|items|things)\b|\bwhat (?:exactly )?(?:was|is|were) (?:on|in) (?:it|the order|that order|this order)\b/,
  /\b(?:el resto|lo que falta|lo que queda)\b|\b(?:der rest|den rest|die restlichen|der restlichen)\b|\b(?:le reste|les autres articles)\b/,
  /\bwhat(?:'s| is| are) (?:still )?(?:to come|left|outstanding|remaining|missing|on (?:it|the order|my order)|in (?:it|the order|my order|the box|the package))\b/,
  /\b(?:which|what) (?:colou?r|size|colou?rs|sizes|items?|products?|version|style|one)s? (?:were|was|did|do|have|are|is)\b/,
  /\b(?:can't|cannot|don't|do not) (?:\S+ ){0,2}remember (?:\S+ ){0,3}what\b|\bwhat i (?:ended up )?(?:got|getting|put|putting|chose|picked|bought|ordered)\b/,
  /\bhow many (?:of each|\S+ (?:did|were|was)|did i)\b|\bline[- ]by[- ]line\b|\bbreakdown\b|\bitemi[sz]ed\b/,
  /\b(?:que|cuant[oa]s|cuales) (?:\S+ ){0,3}(?:pedi|compre|puse|eleg[ií]|eran|son)\b|\bde que (?:color|talla)\b|\bdetalle del pedido\b|\bno me acuerdo\b/,
  /\bwas (?:ich )?(?:\S+ ){0,3}bestellt\b|\bwas fehlt (?:noch)?\b|\bwelche (?:farbe|grosse|artikel|teile)\b|\bwie viele\b|\bwas (?:kommt|ist) noch\b/,
  /\bce que j'ai (?:mis|commande|pris|achete)\b|\b(?:le )?detail (?:de (?:ma|la) commande)?\b|\bquelle (?:couleur|taille)\b|\bcombien (?:de|d')\b|\bce qui (?:reste|manque)\b/,
);

/** A request that is not a refund, cancellation, return or address change, and that a person handles. */
export const unsubscribe = any(
  /\b(?:unsubscribe|take me off|remove me from|stop (?:sending|emailing)|opt (?:me )?out)\b/,
  /\b(?:darme de baja|dejar de recibir|abmelden|austragen|keine (?:werbung|newsletter) mehr|me desinscrire|desabonner|ne plus recevoir)\b/,
);

export const otherRequest = any(
  /\b(?:unsubscribe|take me off|remove me from|stop (?:sending|emailing)|opt (?:me )?out)\b/,
  /\b(?:expedite|(?<!no )rush (?:it|my order|the order|shipping|delivery)|upgrade (?:the |my )?shipping|ship (?:it )?faster|add (?:an? |one more |another )?(?:\S+ )?to (?:my|the) order|combine (?:my |the )?orders|hold (?:my|the) order|gift (?:wrap|note|message))\b/,
  /\b(?:needs?|require[sd]?|requiring|with) (?:a )?signature\b|\bsignature (?:required|on delivery|confirmation)\b|\bleave (?:it|the package|the parcel|them) (?:at|with|by|behind|in|on)\b|\bdelivery instructions?\b/,
  /\b(?:darme de baja|dejar de recibir|abmelden|austragen|keine (?:werbung|newsletter) mehr|dazupacken|dazulegen|me desinscrire|desabonner|ne plus recevoir|ajouter (?:\S+ )?a (?:ma|la) commande)\b/,
);

/** A copy of an invoice or receipt. */
export const invoice = any(
  /\b(?:invoice|receipt|vat (?:invoice|receipt)|proof of purchase)s?\b/,
  /\b(?:factura|recibo|comprobante)s?\b/,
  /\b(?:rechnung|quittung|beleg|rechnungskopie)(?:en)?\b(?! (?:bezahlt|zahlen))/,
  /\b(?:facture|recu de paiement|justificatif)s?\b/,
);

/** Whether a product is in stock or available again. */
export const stock = any(
  /\b(?:are|is|will) (?:the|your|those|these|that|this) (?:\S+ ){1,4}(?:ever )?(?:coming|going to come|be) back\b(?! (?:to|from|home|here))/,
  /\b(?:in stock|back in stock|out of stock|restock(?:ed|ing)?|sold out|available again|back (?:on sale|available)|still available|currently available|do you (?:still )?(?:have|sell|carry|stock) (?:the|any|a|an|it|them)\b|is (?:the|it|this|that) \S+(?: \S+){0,4} available\b|will (?:the|it|you) .{0,40}(?:be )?(?:available|back)|in stock)\b/,
  /\b(?:en stock|hay stock|tienen stock|disponible(?:s)?|agotad[oa]s?|reponer|reposicion|vuelve a estar|volvera a estar|vuelven a tener|tienen (?:el|la|los|las|todavia|aun))\b/,
  /\b(?:auf lager|vorratig|verfugbar|ausverkauft|wieder (?:da|verfugbar|lieferbar|auf lager|erhaltlich)|lieferbar|erhaltlich|habt ihr|haben sie (?:den|die|das|noch))\b/,
  /\b(?:il vous en reste|vous en reste|en reste-t-il|en avez-vous encore|os quedan?|les quedan?|queda(?:n)? (?:alguno|alguna|unidades)|habt ihr (?:davon )?noch|haben sie (?:davon )?noch)\b/,
  /\b(?:en stock|disponible(?:s)?|rupture|epuise(?:e|s)?|de nouveau disponible|reassort|reapprovision|avez-vous (?:encore |toujours )?(?:le|la|les|du|des))\b/,
);

/** How much was paid: "what did I end up paying for shipping", "what was the total", "¿cuánto pagué?". */
export const amountPaid = any(
  /\bwhat (?:did|do) (?:i|we) (?:end up )?(?:pay|paying|get charged)\b|\bwhat was (?:the|my) (?:total|charge|shipping (?:cost|charge|fee))\b|\bhow much (?:did|do|was|were) (?:i|we|it|the order|my order|shipping)\b/,
  /\bcuanto (?:pague|he pagado|costo|fue|me cobraron)\b|\bwie ?viel (?:habe ich|hat|kostet|betragt)\b.{0,30}\b(?:bezahlt|gekostet|versand)?|\bcombien (?:j'ai paye|ai-je paye|a coute|coutait)\b/,
);

/** Shipping cost is what they ask about. */
export const shippingCost = any(
  /\b(?:shipping|postage|delivery) (?:cost|charge|fee|price)s?\b|\bpay(?:ing)? for (?:shipping|postage|delivery)\b|\bgastos de envio\b|\bversandkosten\b|\bfrais de (?:port|livraison)\b/,
);

/** A worry about being charged twice. */
export const doubleCharge = any(
  /\b(?:charged|billed|debited|paid|taken) (?:me )?(?:twice|two times|2 times|double)\b|\bdouble (?:charge|charged|payment|billed)\b|\b(?:two|2|duplicate) (?:charges|payments|transactions)\b|\bcharged (?:me )?(?:for )?(?:it )?(?:again|two)/,
  /\b(?:cobrado|cobraron|cobrasteis|cargado|cargaron) (?:\S+ )?dos veces\b|\bdoble (?:cobro|cargo|pago)\b|\bcobro doble\b|\bdos (?:cargos|cobros|pagos)\b/,
  /\b(?:doppelt|zweimal|2 ?mal) (?:\S+ )?(?:belastet|abgebucht|berechnet|bezahlt|eingezogen)\b|\bdoppelte (?:abbuchung|belastung|zahlung)\b/,
  /\b(?:debite|preleve|facture|paye|charge)e?s? (?:\S+ )?deux fois\b|\bdouble (?:debit|prelevement|paiement)\b|\bdeux (?:prelevements|debits|paiements)\b/,
);

/** Upset: anger, frustration, a long wait. */
export const upset = any(
  /\b(?:unacceptable|ridiculous|furious|angry|outrage\w*|disgust\w*|(?:terrible|horrible|awful)(?! at\b)|worst|disappoint\w*|fed up|sick of|a joke|scam|useless|frustrat\w*|annoy\w*|pathetic|appalling|not happy|unhappy|upset|livid|shocking|shocked|incompetent|nightmare)\b/,
  /\b(?:been waiting|waited|waiting) (?:for )?(?:weeks|ages|a month|forever|over a week|more than a week|\d+ (?:days|weeks))\b|\b(?:weeks|a month) (?:later|and still|now)\b|\bstill (?:nothing|no (?:sign|word|reply|answer|update))\b|\bstill (?:haven't|hasn't|has not|have not|not) (?:been )?(?:shipped|sent|arrived|come|received|heard)\b/,
  /\?{2,}/,
  /(?<!\b(?:e-?mail|confirmation|message|notification)\b.{0,40})\bnever (?:showed up|arrived|came|turned up|got here)\b|\bnunca (?:llego|llegaron)\b|\bnie angekommen\b|\bjamais arrivee?s?\b/,
  /\bit'?s been (?:\d+|two|three|four|five|ten|several|a few) (?:days|weeks)\b|\bhaven't heard (?:back|anything)\b|\bno (?:reply|response|answer) (?:yet|from you)\b/,
  /\b(?:inaceptable|indignad[oa]|molest[oa]|enfadad[oa]|hart[oa]|decepcion\w*|decepcionad[oa]|terrible(?! at\b)|fatal|verguenza|estafa|sigo esperando|llevo (?:\S+ )?(?:semanas|un mes)|pesim[oa]|increible|furios[oa]|desastre)\b/,
  /\b(?:unverschamt|inakzeptabel|verargert|sauer|enttausch\w*|frech|katastroph\w*|furchtbar|schrecklich|warte (?:schon|seit)|seit (?:\S+ )?wochen|betrug|argerlich|unmoglich|frechheit|wutend)\b/,
  /\b(?:inadmissible|inacceptable|furieux|furieuse|en colere|decu|decue|scandal\w*|honteux|lamentable|arnaque|j'attends depuis|depuis (?:\S+ )?semaines|marre|agace|agacee|inquietant|desole de devoir)\b/,
);

/** Angry words, or a wait of weeks: reason enough to apologise whatever the store shows. */
export const angryOrLongWait = any(
  /\b(?:unacceptable|ridiculous|furious|angry|outrage\w*|disgust\w*|(?:terrible|horrible|awful)(?! at\b)|worst|disappoint\w*|fed up|sick of|a joke|scam|useless|frustrat\w*|annoy\w*|pathetic|appalling|not happy|unhappy|upset|livid|shocking|shocked|incompetent|nightmare)\b/,
  /\b(?:inaceptable|indignad[oa]|molest[oa]|enfadad[oa]|hart[oa]|decepcion\w*|decepcionad[oa]|terrible(?! at\b)|fatal|verguenza|estafa|sigo esperando|llevo (?:\S+ )?(?:semanas|un mes)|pesim[oa]|increible|furios[oa]|desastre)\b/,
  /\b(?:unverschamt|inakzeptabel|verargert|sauer|enttausch\w*|frech|katastroph\w*|furchtbar|schrecklich|warte (?:schon|seit)|seit (?:\S+ )?wochen|betrug|argerlich|unmoglich|frechheit|wutend)\b/,
  /\b(?:inadmissible|inacceptable|furieux|furieuse|en colere|decu|decue|scandal\w*|honteux|lamentable|arnaque|j'attends depuis|depuis (?:\S+ )?semaines|marre|agace|agacee|inquietant|desole de devoir)\b/,
  /\b(?:been waiting|waited|waiting) (?:for )?(?:weeks|ages|a month|forever|over a week|more than a week|\d+ weeks)\b|\b(?:weeks|a month) (?:later|and still|now)\b|\bit'?s been (?:\d+|two|three|four|five|several) weeks\b/,
);

/** Worried or confused. */
export const worried = any(
  /\b(?:worried|worry|worrying|concerned|nervous|anxious|panic\w*|freak(?:ing|ed)? out|stressed|confused|confusing|not sure what happened|scared)\b/,
  /\b(?:(?:pretty|fairly) sure (?:my card|i) was charged|i was charged but|(?:money|payment) (?:was|has been) taken|charged for nothing|(?:don't|do not) want to (?:have been|be|get) (?:charged|billed) (?:twice|for nothing|again))\b/,
  /\b(?:preocupad[oa]|preocupa|nervios[oa]|confundid[oa])\b/,
  /\b(?:besorgt|sorge|sorgen|beunruhigt|verunsichert|verwirrt)\b/,
  /\b(?:inquiet|inquiete|inquieter|m'inquieter|m'inquiete|preoccupe|preoccupee|perplexe|confus|confuse)\b/,
  /\boh no\b|\b(?:longer|more) than (?:i |we )?(?:expected|was told|were told)\b/,
);

/** Thanks, in any of our languages. */
export const gratitude = any(
  /\b(?:thanks|thank you|thx|ty|many thanks|much appreciated|cheers|appreciate it|danke|vielen dank|herzlichen dank|merci|gracias|muchas gracias|mil gracias)\b/,
);

/** A note with nothing to ask ("no question, I just wanted to say..."). */
export const justSaying = any(
  /\bno question\b|\bjust (?:wanted|want|writing) to (?:say|tell|let you know|thank)\b|\bnothing (?:to ask|needed)\b/,
  /\bsolo (?:queria|quiero) (?:decir|agradecer)\b|\bwollte (?:nur|einfach) (?:sagen|danke)\b|\bje voulais (?:juste|simplement) (?:dire|vous dire|remercier)\b/,
);

/** The order arrived / all is well: a thank-you, not a question. */
export const goodNews = any(
  /\b(?:arrived|got it|received it|came|showed up|all good|sorted|resolved|perfect|love (?:it|them)|works great)\b/,
  /\b(?:ha llegado|llego|recibido|todo bien|perfecto)\b/,
  /\b(?:angekommen|erhalten|alles gut|passt|perfekt)\b/,
  /\b(?:bien recu|arrive|arrivee|tout est bon|parfait)\b/,
);

/** A sentence that is a question even without a question mark. */
export const questionWord = any(
  /^(?:can|could|would|will|do|does|did|is|are|was|were|have|has|when|where|what|why|how|which|who)\b/,
  /^(?:puede|pueden|podrian|cuando|donde|que|por que|como|cual|hay|tienen|es|esta)\b/,
  /^(?:konnen|konnten|wann|wo|was|warum|wie|welche|gibt es|ist|sind|habt|haben)\b/,
  /^(?:pouvez|pourriez|quand|ou|que|quel|quelle|pourquoi|comment|est-ce|avez)\b/,
);

/** A store-policy question ("what's your return window?"), not a request about their order. */
export const policy = any(
  /\b(?:physical (?:shop|store)|showroom|opening hours|open on|in person|wholesale|stockist|price list|minimum order|trade account|do you ship to|international shipping|discount code|promo code|coupon)\b/,
  /\b(?:tienda fisica|horario|al por mayor|mayorista|codigo de descuento|ladengeschaft|offnungszeiten|grosshandel|wiederverkaufer|rabattcode|boutique physique|horaires|grossiste|revendeur|code promo)\b/,
  /\b(?:your|the|a) (?:return|exchange|refund|shipping|delivery|cancell?ation) (?:policy|policies|window|period|rules|terms)\b|\bhow (?:long|many days) (?:do|does|can|would) (?:i|we|they|you|someone) (?:have to|get to) (?:return|exchange)\b/,
  /\bpolitica de (?:devolucion|devoluciones|cambios|envio)\b|\b(?:ruckgabe|umtausch|widerruf)(?:s)?(?:recht|frist|bedingungen)\b|\bpolitique de (?:retour|remboursement|livraison)\b|\bdelai de retour\b/,
);

/** Greetings, sign-offs and filler that make no plan item. */
export const filler = any(
  /^(?:sent from (?:my )?\S+|sent with \S+|get outlook for|envoye (?:de|depuis|a partir de|avec) |enviado (?:desde|con) |von meinem \S+ gesendet|gesendet von)/,
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenos dias|buenas(?: tardes)?|hallo|guten (?:tag|morgen|abend)|liebe[rs]?|sehr geehrte[rs]?|bonjour|bonsoir|salut|madame|monsieur)\b[^.?!]{0,40}$/,
  /^(?:regards|best|cheers|thanks|thank you|kind regards|best regards|sincerely|saludos|un saludo|atentamente|gru(?:ss|sse)|mit freundlichen grussen|viele grusse|lg|cordialement|bien a vous|merci d'avance)\b[^?]{0,40}$/,
);
