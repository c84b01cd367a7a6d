export { MongoStore, openMongoStore, type MongoStoreOptions } from './mongo-store.js';
