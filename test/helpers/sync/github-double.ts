import { startHttpDouble, type HttpDouble, type RecordedRequest, type Reply } from './http-double.js';

// A GitHub REST double for exactly the endpoints the GitHub connector drives, with GitHub's
// response shapes and status codes (docs.github.com "Organization members" and "Team members"):
// a new org membership is an invitation (`pending`); removing answers 204; unknown is 404 with
// GitHub's message. `failNext` queues one-shot answers such as 429 or a secondary-rate-limit 403.

export interface GithubDouble extends HttpDouble {
  org: string;
  token: string;
  /** login → { state, role } */
  members: Map<string, { state: 'pending' | 'active'; role: string }>;
  /** slug → { name, members } */
  teams: Map<string, { id: number; name: string; members: Set<string> }>;
  /** The next request whose "METHOD /path" equals `key` gets `reply` instead. */
  failNext(key: string, reply: Reply): void;
}

const notFound: Reply = {
  status: 404,
  body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
};
const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');

export async function startGithubDouble(org = 'acme'): Promise<GithubDouble> {
  const token = 'ghp_test0123456789abcdefghijklmnopqrstu';
  const members: GithubDouble['members'] = new Map();
  const teams: GithubDouble['teams'] = new Map();
  const faults = new Map<string, Reply[]>();
  let ids = 100;
  let base = '';

  const membership = (login: string) => {
    const m = members.get(login)!;
    return {
      url: `${base}/orgs/${org}/memberships/${login}`,
      state: m.state,
      role: m.role,
      organization_url: `${base}/orgs/${org}`,
      organization: { login: org, id: 1 },
      user: { login, id: 9000 + login.length, type: 'User' },
    };
  };
  const team = (slug: string) => {
    const t = teams.get(slug)!;
    return {
      id: t.id,
      node_id: `T_${t.id}`,
      url: `${base}/orgs/${org}/teams/${slug}`,
      html_url: `https://github.com/orgs/${org}/teams/${slug}`,
      name: t.name,
      slug,
      description: null,
      privacy: 'closed',
      permission: 'pull',
      members_count: t.members.size,
      parent: null,
    };
  };

  function route(req: RecordedRequest): Reply {
    const key = `${req.method} ${req.url.split('?')[0]}`;
    const fault = faults.get(key)?.shift();
    if (fault) return fault;
    if (!/^(token|bearer) /i.test(req.headers.authorization ?? '') || !req.headers.authorization!.endsWith(token))
      return {
        status: 401,
        body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
      };
    const body = req.body ? JSON.parse(req.body) : {};
    const [, , o, kind, slug, sub, login] = req.url.split('?')[0].split('/');
    if (o !== org) return notFound;
    if (!kind && req.method === 'GET')
      return { status: 200, body: { login: org, id: 1, url: `${base}/orgs/${org}`, description: null } };
    if (kind === 'memberships') return orgMembership(req.method, slug, body);
    if (kind === 'teams' && !slug && req.method === 'POST') return createTeam(body);
    if (kind === 'teams' && slug && !sub) return teamRoute(req.method, slug, body);
    if (kind === 'teams' && sub === 'memberships') return teamMembership(req.method, slug, login);
    return notFound;
  }

  function orgMembership(method: string, login: string, body: { role?: string }): Reply {
    if (method === 'GET') return members.has(login) ? { status: 200, body: membership(login) } : notFound;
    if (method === 'PUT') {
      members.set(login, { state: members.get(login)?.state ?? 'pending', role: body.role ?? 'member' });
      return { status: 200, body: membership(login) };
    }
    if (method === 'DELETE') return members.delete(login) ? { status: 204 } : notFound;
    return notFound;
  }

  function createTeam(body: { name: string }): Reply {
    const slug = slugOf(body.name);
    if (teams.has(slug))
      return {
        status: 422,
        body: {
          message: 'Validation Failed',
          errors: [{ resource: 'Team', code: 'already_exists', field: 'name' }],
          documentation_url: 'https://docs.github.com/rest/teams/teams#create-a-team',
          status: '422',
        },
      };
    teams.set(slug, { id: ++ids, name: body.name, members: new Set() });
    return { status: 201, body: team(slug) };
  }

  function teamRoute(method: string, slug: string, body: { name?: string }): Reply {
    const t = teams.get(slug);
    if (!t) return notFound;
    if (method === 'GET') return { status: 200, body: team(slug) };
    if (method === 'DELETE') return (teams.delete(slug), { status: 204 });
    if (method !== 'PATCH') return notFound;
    teams.delete(slug);
    const next = slugOf(body.name ?? t.name);
    teams.set(next, { ...t, name: body.name ?? t.name });
    return { status: 200, body: team(next) };
  }

  function teamMembership(method: string, slug: string, login: string): Reply {
    const t = teams.get(slug);
    if (!t) return notFound;
    if (method === 'PUT') {
      t.members.add(login);
      return {
        status: 200,
        body: {
          url: `${base}/orgs/${org}/teams/${slug}/memberships/${login}`,
          role: 'member',
          state: members.get(login)?.state === 'active' ? 'active' : 'pending',
        },
      };
    }
    if (method === 'DELETE') return t.members.delete(login) ? { status: 204 } : notFound;
    return notFound;
  }

  const double = await startHttpDouble(route);
  base = double.url;
  return Object.assign(double, {
    org,
    token,
    members,
    teams,
    failNext(key: string, reply: Reply) {
      faults.set(key, [...(faults.get(key) ?? []), reply]);
    },
  });
}
