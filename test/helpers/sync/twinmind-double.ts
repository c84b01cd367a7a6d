import { randomUUID } from 'node:crypto';
import { startHttpDouble, type HttpDouble, type RecordedRequest, type Reply } from './http-double.js';

// A double of design 001's downstream organization API (members with email + role, teams with
// members), with the per-member endpoints config/connectors/twinmind-organization-members.json uses.

export interface Member {
  id: string;
  email: string;
  role: string;
  status: 'invited';
}
export interface TwinmindDouble extends HttpDouble {
  apiKey: string;
  members: Map<string, Member>;
  teams: Map<string, { id: string; name: string; settings: unknown; members: Map<string, string> }>;
}

const ROLES = ['owner', 'admin', 'manager', 'member', 'viewer'];
const notFound: Reply = { status: 404, body: { error: 'not_found' } };

export async function startTwinmindDouble(): Promise<TwinmindDouble> {
  const apiKey = `tm_${randomUUID()}`;
  const members: TwinmindDouble['members'] = new Map();
  const teams: TwinmindDouble['teams'] = new Map();

  function memberRoute(method: string, id: string | undefined, query: URLSearchParams, body: any): Reply {
    if (!id && method === 'GET')
      return { status: 200, body: { members: [...members.values()].filter((m) => m.email === query.get('email')) } };
    if (!id && method === 'POST') {
      if (!ROLES.includes(body.role) || typeof body.email !== 'string')
        return { status: 400, body: { error: 'invalid member' } };
      if ([...members.values()].some((m) => m.email === body.email))
        return { status: 409, body: { error: 'already a member' } };
      const member: Member = { id: `mem_${members.size + 1}`, email: body.email, role: body.role, status: 'invited' };
      members.set(member.id, member);
      return { status: 201, body: member };
    }
    const member = id ? members.get(id) : undefined;
    if (!member) return notFound;
    if (method === 'PATCH') return (Object.assign(member, body), { status: 200, body: member });
    if (method === 'DELETE') return (members.delete(member.id), { status: 204 });
    return notFound;
  }

  function teamRoute(
    method: string,
    id: string | undefined,
    sub: string | undefined,
    userId: string | undefined,
    body: any,
  ): Reply {
    if (!id && method === 'POST') {
      const team = {
        id: `team_${teams.size + 1}`,
        name: body.name,
        settings: body.settings,
        members: new Map<string, string>(),
      };
      teams.set(team.id, team);
      return { status: 201, body: { id: team.id, name: team.name, settings: team.settings } };
    }
    const team = id ? teams.get(id) : undefined;
    if (!team) return notFound;
    if (!sub && method === 'PATCH')
      return ((team.name = body.name), { status: 200, body: { id: team.id, name: team.name } });
    if (!sub && method === 'DELETE') return (teams.delete(team.id), { status: 204 });
    if (sub === 'members' && method === 'POST')
      return (
        team.members.set(body.user_id, body.role), { status: 201, body: { user_id: body.user_id, role: body.role } }
      );
    if (sub === 'members' && method === 'DELETE' && userId)
      return team.members.delete(userId) ? { status: 204 } : notFound;
    return notFound;
  }

  const double = await startHttpDouble((req: RecordedRequest) => {
    if (req.headers.authorization !== `Bearer ${apiKey}`) return { status: 401, body: { error: 'invalid api key' } };
    const url = new URL(req.url, 'http://double');
    const [, version, kind, id, sub, userId] = url.pathname.split('/');
    const body = req.body ? JSON.parse(req.body) : {};
    if (version !== 'v1') return notFound;
    if (kind === 'organization' && !id && req.method === 'GET')
      return { status: 200, body: { id: 'org_1', name: 'Acme' } };
    if (kind === 'organization' && id === 'members') return memberRoute(req.method, sub, url.searchParams, body);
    if (kind === 'teams') return teamRoute(req.method, id, sub, userId, body);
    return notFound;
  });
  return Object.assign(double, { apiKey, members, teams });
}
