import { RosterError, type ErrorCode } from '../errors/index.js';

// The SCIM detail error keywords (RFC 7644 §3.12, Table 9) and the RosterError codes they travel as.
// Code raises `scimError('invalidFilter', …)`; the one serializer (error-handler.ts) turns the code
// back into the scimType. `uniqueness` is the domain's `conflict`.

export type ScimType =
  | 'invalidFilter'
  | 'invalidSyntax'
  | 'invalidValue'
  | 'invalidPath'
  | 'noTarget'
  | 'mutability'
  | 'tooMany'
  | 'uniqueness';

const CODE_OF: Record<Exclude<ScimType, 'uniqueness'>, ErrorCode> = {
  invalidFilter: 'scim_invalid_filter',
  invalidSyntax: 'scim_invalid_syntax',
  invalidValue: 'scim_invalid_value',
  invalidPath: 'scim_invalid_path',
  noTarget: 'scim_no_target',
  mutability: 'scim_mutability',
  tooMany: 'scim_too_many',
};

const TYPE_OF: Partial<Record<ErrorCode, ScimType>> = {
  ...Object.fromEntries(Object.entries(CODE_OF).map(([type, code]) => [code, type])),
  conflict: 'uniqueness',
  store_unique_violation: 'uniqueness',
  // Domain services reject bad input generically; at this edge that is a value the schema refuses.
  invalid_input: 'invalidValue',
};

export function scimError(scimType: ScimType, detail: string): RosterError {
  if (scimType === 'uniqueness') return new RosterError('conflict', detail);
  return new RosterError(CODE_OF[scimType], detail);
}

/** The scimType an error is answered with, if any (RFC 7644 §3.12: only some statuses carry one). */
export function scimTypeOf(error: RosterError): ScimType | undefined {
  return TYPE_OF[error.code];
}
