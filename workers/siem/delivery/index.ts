export { createSiemDelivery, type SiemDelivery, type SiemDeliveryDeps } from './delivery.js';
export { DEFAULT_DELIVERY, type DeliveryOptions } from './context.js';
export { retryDelayMs } from './backoff.js';
