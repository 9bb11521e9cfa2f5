/** "$84", "84.50 €", "EUR 120", "120 dollars". */
export function amountsIn(text: string): string[] {
  const out: string[] = [];
  const re =
    /(?:[$€£]\s?(\d{1,5}(?:[.,]\d{1,2})?)|(\d{1,5}(?:[.,]\d{1,2})?)\s?(?:€|\$|£|eur\b|euros?\b|usd\b|dollars?\b|bucks\b))/gi;
  for (const m of text.matchAll(re)) {
    const raw = (m[1] ?? m[2] ?? '').replace(',', '.');
    const value = Number(raw);
    if (Number.isFinite(value) && value > 0) out.push(value.toFixed(2));
  }
  return [...new Set(out)];
}
