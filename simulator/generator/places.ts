/** Where shoppers live: country, currency, locale, carriers and address shapes per market. */
import type { SimAddress } from '../store-data.js';
import type { Rng } from './random.js';
import { chance, digits, int, letters, pick, weighted } from './random.js';

export interface Carrier {
  provider: string;
  display?: string;
  method: string;
  tracking: (rng: Rng) => string;
  /** Custom carriers carry the merchant's own tracking link. */
  link?: (number: string) => string;
}

export interface Market {
  country: string;
  iso2: string;
  currency: string;
  locale: string;
  cities: readonly (readonly [city: string, state: string])[];
  zip: (rng: Rng) => string;
  carriers: readonly (readonly [Carrier, number])[];
}

const UPS: Carrier = {
  provider: 'ups',
  method: 'UPS Ground',
  tracking: (r) => `1Z${letters(r, 3)}${digits(r, 3)}03${digits(r, 8)}`,
};
const USPS: Carrier = { provider: 'usps', method: 'USPS Priority Mail', tracking: (r) => `9400${digits(r, 18)}` };
const FEDEX: Carrier = { provider: 'fedex', method: 'FedEx 2Day', tracking: (r) => digits(r, 12) };
const ROYAL_MAIL: Carrier = {
  provider: 'royalmail',
  method: 'Royal Mail Tracked 48',
  tracking: (r) => `${letters(r, 2)}${digits(r, 9)}GB`,
};
const AUSPOST: Carrier = {
  provider: 'auspost',
  method: 'Parcel Post',
  tracking: (r) => `${letters(r, 3)}${digits(r, 8)}`,
};
const CANADA_POST: Carrier = { provider: 'canadapost', method: 'Expedited Parcel', tracking: (r) => digits(r, 16) };
/** A merchant-defined carrier: provider `carrier_{id}`, its own display name and tracking link. */
const SPEEDY: Carrier = {
  provider: 'carrier_1',
  display: 'Speedy Couriers',
  method: 'Local Courier',
  tracking: (r) => `SC${digits(r, 10)}`,
  link: (n) => `https://track.speedycouriers.example/t/${n}`,
};
/** "Other" with a number but no provider code: no generated link at all. */
const OTHER: Carrier = {
  provider: '',
  method: 'Standard Shipping',
  tracking: (r) => `${letters(r, 2)}${digits(r, 10)}`,
};

export const MARKETS: readonly (readonly [Market, number])[] = [
  [
    {
      country: 'United States',
      iso2: 'US',
      currency: 'USD',
      locale: 'en',
      cities: [
        ['Austin', 'Texas'],
        ['Portland', 'Oregon'],
        ['Denver', 'Colorado'],
        ['Brooklyn', 'New York'],
        ['Chicago', 'Illinois'],
        ['Atlanta', 'Georgia'],
        ['Seattle', 'Washington'],
        ['Madison', 'Wisconsin'],
        ['Phoenix', 'Arizona'],
        ['Raleigh', 'North Carolina'],
      ],
      zip: (r) => digits(r, 5),
      carriers: [
        [UPS, 35],
        [USPS, 35],
        [FEDEX, 18],
        [SPEEDY, 8],
        [OTHER, 4],
      ],
    },
    78,
  ],
  [
    {
      country: 'United Kingdom',
      iso2: 'GB',
      currency: 'GBP',
      locale: 'en',
      cities: [
        ['London', 'Greater London'],
        ['Manchester', 'Greater Manchester'],
        ['Leeds', 'West Yorkshire'],
        ['Bristol', 'Bristol'],
        ['Edinburgh', 'Scotland'],
      ],
      zip: (r) => `${letters(r, 2)}${int(r, 1, 20)} ${int(r, 1, 9)}${letters(r, 2)}`,
      carriers: [
        [ROYAL_MAIL, 75],
        [UPS, 15],
        [OTHER, 10],
      ],
    },
    8,
  ],
  [
    {
      country: 'Germany',
      iso2: 'DE',
      currency: 'EUR',
      locale: 'de',
      cities: [
        ['Berlin', 'Berlin'],
        ['Hamburg', 'Hamburg'],
        ['München', 'Bayern'],
        ['Köln', 'Nordrhein-Westfalen'],
      ],
      zip: (r) => digits(r, 5),
      carriers: [
        [UPS, 50],
        [FEDEX, 30],
        [OTHER, 20],
      ],
    },
    4,
  ],
  [
    {
      country: 'France',
      iso2: 'FR',
      currency: 'EUR',
      locale: 'fr',
      cities: [
        ['Paris', 'Île-de-France'],
        ['Lyon', 'Auvergne-Rhône-Alpes'],
        ['Bordeaux', 'Nouvelle-Aquitaine'],
      ],
      zip: (r) => digits(r, 5),
      carriers: [
        [UPS, 60],
        [OTHER, 40],
      ],
    },
    2,
  ],
  [
    {
      country: 'Canada',
      iso2: 'CA',
      currency: 'USD',
      locale: 'en',
      cities: [
        ['Toronto', 'Ontario'],
        ['Vancouver', 'British Columbia'],
        ['Montréal', 'Quebec'],
      ],
      zip: (r) => `${letters(r, 1)}${digits(r, 1)}${letters(r, 1)} ${digits(r, 1)}${letters(r, 1)}${digits(r, 1)}`,
      carriers: [
        [CANADA_POST, 60],
        [UPS, 40],
      ],
    },
    4,
  ],
  [
    {
      country: 'Australia',
      iso2: 'AU',
      currency: 'USD',
      locale: 'en',
      cities: [
        ['Sydney', 'New South Wales'],
        ['Melbourne', 'Victoria'],
        ['Brisbane', 'Queensland'],
      ],
      zip: (r) => digits(r, 4),
      carriers: [
        [AUSPOST, 80],
        [SPEEDY, 20],
      ],
    },
    4,
  ],
];

export function pickMarket(rng: Rng): Market {
  return weighted(rng, MARKETS);
}

export function marketOf(iso2: string | undefined): Market {
  return (MARKETS.find(([m]) => m.iso2 === iso2) ?? MARKETS[0])![0];
}

export function makeAddress(rng: Rng, market: Market, person: { first_name: string; last_name: string }): SimAddress {
  const [city, state] = pick(rng, market.cities);
  return {
    first_name: person.first_name,
    last_name: person.last_name,
    street_1: rng.location.streetAddress(),
    ...(chance(rng, 0.15) ? { street_2: `Apt ${int(rng, 1, 40)}` } : {}),
    city,
    state,
    zip: market.zip(rng),
    country: market.country,
    country_iso2: market.iso2,
  };
}
