// The SIEM shipper layer's public surface, for the delivery loop (cursor, batching, pause/suspend).
export { SIEM_CATEGORIES, categoryOf, toPlainRecord, type ShippableAudit, type SiemCategory } from './siem-record.js';
export { ShipError, isShipError, type ShipErrorOptions, type ShipResult, type Shipper } from './shipper.js';
export {
  SHIPPERS,
  createShipper,
  defineShipper,
  isShipperKind,
  parseShipperConfig,
  shipperDefinition,
  type ShipperDefinition,
  type ShipperKind,
} from './shippers/index.js';
export * from './formats/index.js';
export { siemKindCatalogue } from './catalogue.js';
export { createSiemDelivery, DEFAULT_DELIVERY, type DeliveryOptions, type SiemDelivery } from './delivery/index.js';
