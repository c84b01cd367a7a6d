export { DATABASE_FILE, EmbeddedStore, openEmbeddedStore, type EmbeddedStoreOptions } from './embedded-store.js';
