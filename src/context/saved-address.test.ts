import { describe, expect, it } from 'vitest';
import type { Customer } from '../shared/store-data.js';
import { toContextCustomer } from './minimize.js';

const customer: Customer = {
  id: 7,
  email: 'p@example.de',
  firstName: 'Petra',
  lastName: 'Vogel',
  phone: '+49 761 4589021',
  company: 'Vogel GmbH',
  customerGroupId: null,
  dateCreated: null,
  addresses: [
    {
      street1: 'Basler Landstraße 112',
      street2: null,
      city: 'Freiburg',
      state: null,
      zip: '79111',
      country: 'Germany',
      countryIso2: 'DE',
    },
  ],
};

describe('the account address on file', () => {
  it('enters the context only when the workspace allows addresses', () => {
    expect(toContextCustomer(customer, { allowPhone: false, allowAddress: false }).address).toBeNull();
    expect(toContextCustomer(customer, { allowPhone: false, allowAddress: true }).address).toEqual({
      street: 'Basler Landstraße 112',
      zip: '79111',
      city: 'Freiburg',
      country: 'Germany',
      countryIso2: 'DE',
    });
  });

  it('is null when the account has no saved address', () => {
    expect(
      toContextCustomer({ ...customer, addresses: [] }, { allowPhone: true, allowAddress: true }).address,
    ).toBeNull();
  });
});
