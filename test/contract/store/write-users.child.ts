// Run by the contract suite as a separate process: writes users into a data directory that the
// parent process has open, to prove the embedded engine's file is shared safely between processes.
import { openEmbeddedStore } from '../../../src/store/index.js';

const [dataDir, count = '1'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: write-users.child.ts <dataDir> [count]');

const store = openEmbeddedStore({ dataDir, ttlSweepSeconds: 0 });
const users = Array.from({ length: Number(count) }, (_, i) => ({
  _id: `t1:child-${i}`,
  tenantId: 't1',
  userName: `child-${i}`,
  userNameLower: `child-${i}`,
  createdAt: new Date(),
}));
await store.withTransaction((tx) => tx.collection('users').insertMany(users));
await store.close();
