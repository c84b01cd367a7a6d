import { MODEL_TIERS } from '../../config/models.js';
import type { UserDoc } from '../people/index.js';
import { RosterError } from '../errors/index.js';
import {
  BUILT_IN_KINDS,
  checkAcl,
  checkModel,
  checkOwned,
  compileAcls,
  DENY,
  memberOf,
  type Checker,
  type Decision,
} from '../rbac/index.js';
import type { RequestReads } from '../access/index.js';

// One authorization question → one Decision. The resource, when given, picks the
// rule family: `model` (design 000 model access), an ACL kind (design 002), or an owned resource
// (design 001 owner/participant/read-all). A permission given beside an ACL resource must hold too.

export interface CheckResource {
  kind: string;
  id?: string;
  ownerId?: string;
  participants?: string[];
}

export interface CheckRequest {
  permission?: string;
  resource?: CheckResource;
}

/** The subject as decided: its user, its checker (a key's narrows it), a key's model list. */
export interface DecisionSubject {
  user: UserDoc;
  check: Checker;
  keyAllowedModels?: readonly string[];
  keyPermissions?: readonly string[];
}

async function modelDecision(reads: RequestReads, subject: DecisionSubject, model: string): Promise<Decision> {
  const tenant = await reads.tenant();
  return checkModel(subject.check, {
    model,
    tiers: MODEL_TIERS,
    tenantAllowedModels: tenant.settings.allowedModels,
    keyAllowedModels: subject.keyAllowedModels,
  });
}

async function aclDecision(reads: RequestReads, subject: DecisionSubject, kind: string, id: string): Promise<Decision> {
  const [policy, entry, groups] = await Promise.all([
    reads.policy(),
    reads.acl(kind, id),
    reads.groups(subject.user._id),
  ]);
  const index = compileAcls(entry ? [entry] : [], {
    adminGroups: policy?.adminGroups ?? [],
    kinds: policy?.resourceKinds ?? [],
  });
  return checkAcl(index, memberOf(groups), kind, id, subject.check);
}

async function isAclKind(reads: RequestReads, kind: string): Promise<boolean> {
  if ((BUILT_IN_KINDS as readonly string[]).includes(kind)) return true;
  return (await reads.policy())?.resourceKinds.includes(kind) ?? false;
}

function ownedDecision(subject: DecisionSubject, permission: string, resource: CheckResource): Decision {
  const emails = (subject.user.emails ?? []).map((e) => e.value);
  return checkOwned(subject.check, { id: subject.user._id, emails }, permission, resource);
}

async function resourceDecision(
  reads: RequestReads,
  subject: DecisionSubject,
  req: CheckRequest,
  resource: CheckResource,
): Promise<Decision> {
  if (resource.kind === 'model') return modelDecision(reads, subject, resource.id ?? '');
  if (await isAclKind(reads, resource.kind)) {
    if (req.permission) {
      const first = subject.check(req.permission);
      if (!first.allow) return first;
    }
    return aclDecision(reads, subject, resource.kind, resource.id ?? '');
  }
  // Neither a model nor an ACL kind, and no permission to check it by: nothing grants it.
  if (!req.permission) return DENY.unknownKind;
  if (resource.ownerId !== undefined || resource.participants !== undefined)
    return ownedDecision(subject, req.permission, resource);
  return subject.check(req.permission);
}

/** Deny by default: inactive users, and questions that name nothing to check, are denied. */
export async function decide(reads: RequestReads, subject: DecisionSubject, req: CheckRequest): Promise<Decision> {
  if (subject.user.active === false) return DENY.inactive;
  if (req.resource) return resourceDecision(reads, subject, req, req.resource);
  if (!req.permission) throw new RosterError('invalid_input', 'give a permission, a resource, or both');
  return subject.check(req.permission);
}
