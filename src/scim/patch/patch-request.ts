import { overCap, SCIM_REQUEST_LIMITS } from '../request-limits.js';
import { scimError } from '../scim-errors.js';

// The PatchOp message (RFC 7644 §3.5.2), checked and normalised before anything is applied.
// Entra ID sends "Add", "Replace" and "Remove" capitalised (its SCIM known-issues page, without
// the aadOptscim062020 flag); op names are compared case-insensitively, as RFC 7644 §3.5.2 asks
// servers not to be strict about structural keywords.

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchKind = 'add' | 'remove' | 'replace';

export interface PatchOperation {
  op: PatchKind;
  path?: string;
  value?: unknown;
  /** 1-based, for error messages. */
  index: number;
}

const KINDS = new Set<string>(['add', 'remove', 'replace']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function field(obj: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  // Stryker disable next-line ConditionalExpression: obj[undefined] is undefined too
  return key === undefined ? undefined : obj[key];
}

function operation(raw: unknown, index: number): PatchOperation {
  if (!isObject(raw)) throw scimError('invalidSyntax', `operation ${index} must be an object`);
  const op = field(raw, 'op');
  const path = field(raw, 'path');
  const value = field(raw, 'value');
  if (typeof op !== 'string' || !KINDS.has(op.toLowerCase()))
    throw scimError('invalidSyntax', `operation ${index}: "op" must be add, remove or replace`);
  if (path !== undefined && (typeof path !== 'string' || path.trim() === ''))
    throw scimError('invalidPath', `operation ${index}: "path" must be a non-empty string`);
  const kind = op.toLowerCase() as PatchKind;
  // RFC 7644 §3.5.2.2: a remove without a path fails with noTarget.
  if (kind === 'remove' && path === undefined)
    throw scimError('noTarget', `operation ${index}: "remove" needs a "path"`);
  if (kind !== 'remove' && value === undefined)
    throw scimError('invalidValue', `operation ${index}: "${kind}" needs a "value"`);
  return {
    op: kind,
    index,
    ...(path !== undefined ? { path: (path as string).trim() } : {}),
    ...(value !== undefined ? { value } : {}),
  };
}

export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw scimError('invalidSyntax', 'the request body must be a PatchOp JSON object');
  const schemas = field(body, 'schemas');
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())
  ) {
    throw scimError('invalidSyntax', `"schemas" must be ["${PATCH_OP_SCHEMA}"]`);
  }
  const operations = field(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0)
    throw scimError('invalidSyntax', '"Operations" must be a non-empty array');
  const cap = SCIM_REQUEST_LIMITS.patchOperations;
  if (operations.length > cap)
    throw scimError('tooMany', overCap('a PATCH may carry', cap, operations.length, 'operations'));
  return operations.map((raw, i) => operation(raw, i + 1));
}
