import type { IndexSpec } from './indexes.js';

/**
 * The field whose absence leaves a document out of a sparse index (IndexSpec.sparse): the first
 * field after tenantId. Both engines use it, so "sparse" means the same thing on each.
 */
export function sparseField(spec: IndexSpec): string | undefined {
  if (!spec.sparse) return undefined;
  const fields = Object.keys(spec.keys);
  return fields.find((f) => f !== 'tenantId') ?? fields[0];
}
