export { QUEUE_NAMES, type EventJob } from './names.js';
