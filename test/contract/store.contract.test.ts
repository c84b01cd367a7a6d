import { describe } from 'vitest';
import { durabilityCases } from './store/durability-cases.js';
import { embeddedHarness, mongoHarness, useStore, type EngineHarness } from './store/harness.js';
import { integrityCases } from './store/integrity-cases.js';
import { queryCases } from './store/query-cases.js';
import { transactionCases } from './store/transaction-cases.js';
import { updateCases } from './store/update-cases.js';

// One contract, every engine (docs/architecture.md, Storage): embedded always, mongo when a server is
// reachable through MONGODB_URI. Each test gets a store of its own (a temp dir, a database).

function contract(harness: EngineHarness): void {
  const ctx = useStore(harness);
  describe('queries', () => queryCases(ctx));
  describe('updates', () => updateCases(ctx));
  describe('integrity', () => integrityCases(ctx));
  describe('transactions', () => transactionCases(ctx));
  describe('durability', () => durabilityCases(ctx));
}

describe('embedded engine', () => contract(embeddedHarness()));

const mongodbUri = process.env.MONGODB_URI;
if (mongodbUri) {
  describe('mongo engine', () => contract(mongoHarness(mongodbUri)));
} else {
  const reason = 'MONGODB_URI is not set';
  console.warn(`store contract: mongo engine skipped — ${reason}`);
  describe.skip(`mongo engine — skipped: ${reason}`, () => contract(mongoHarness('mongodb://unset')));
}
