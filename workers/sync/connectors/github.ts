import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import type { Connector, ConnectorDeps, RemoteRef } from '../connector.js';
import { classifyResponse, ConnectorError } from './errors.js';
import { githubLogin, teamSlug } from './github-names.js';
import { createSerialGate } from './serial-gate.js';

// GitHub organization and team membership (non-EMU orgs) over the REST API with @octokit/rest,
// which carries no retry or throttling plugin: a 403/429 rate limit reaches the engine as
// ConnectorError 'rate_limited' with GitHub's wait, and the engine waits (never the connector).
// Users are org members by login; Roster groups are teams by slug. GitHub has no inactive member,
// so deactivation removes the membership ("Remove organization membership for a user").

export const githubConfigSchema = z.object({
  org: z.string().min(1),
  /** A PAT or installation token with admin:org. */
  token: z.string().min(1),
  baseUrl: z.url().default('https://api.github.com'),
  /** Where the login comes from: userName (default), the email's local part, or externalId. */
  loginFrom: z.enum(['userName', 'emailLocalPart', 'externalId']).default('userName'),
  /** Roster roles that make a user an org `admin` (everyone else is `member`). */
  adminRoles: z.array(z.string()).default([]),
  teamPrivacy: z.enum(['closed', 'secret']).default('closed'),
  /** The least time between two mutations (GitHub asks for at least one second). */
  minMutationGapMs: z.number().int().min(0).default(1000),
  timeoutMs: z.number().int().positive().default(10_000),
});
export type GithubConfig = z.output<typeof githubConfigSchema>;

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { headers: Record<string, unknown>; data: unknown };
}

/** Wraps octokit's RequestError once, here; its request (with the token) is never kept. */
function toConnectorError(error: unknown, what: string, secrets: string[]): ConnectorError {
  const failure = error as OctokitFailure;
  if (!failure?.response)
    return new ConnectorError('transient', `${what}: ${failure?.message ?? 'network error'}`, {
      detail: 'no HTTP answer',
    });
  const { headers, data } = failure.response;
  const get = (name: string) => (headers[name] == null ? null : String(headers[name]));
  return classifyResponse(
    {
      status: failure.status ?? 0,
      headers: { get },
      body: typeof data === 'string' ? data : JSON.stringify(data ?? ''),
    },
    what,
    secrets,
  );
}

export function createGithubConnector(config: GithubConfig, _deps: ConnectorDeps): Connector {
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const octokit = new Octokit({
    auth: config.token,
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    log: silent,
    userAgent: 'roster-sync',
  });
  const gate = createSerialGate(config.minMutationGapMs);
  const org = config.org;

  /** One GitHub call through the gate; `absentOk` turns a 404 into null (already gone / not there). */
  async function call<T>(
    what: string,
    mutation: boolean,
    send: (signal: AbortSignal) => Promise<{ data: T }>,
    absentOk = false,
  ): Promise<T | null> {
    try {
      return (await gate(mutation, () => send(AbortSignal.timeout(config.timeoutMs)))).data;
    } catch (error) {
      const failure = toConnectorError(error, what, [config.token]);
      if (absentOk && failure.class === 'not_found') return null;
      throw failure;
    }
  }
  const request = (signal: AbortSignal) => ({ request: { signal } });
  const role = (roles: string[] = []) =>
    (roles.some((r) => config.adminRoles.includes(r)) ? 'admin' : 'member') as 'admin' | 'member';

  async function setMembership(username: string, roles?: string[]): Promise<RemoteRef> {
    const data = await call(`PUT /orgs/${org}/memberships/${username}`, true, (s) =>
      octokit.orgs.setMembershipForUser({ org, username, role: role(roles), ...request(s) }),
    );
    return { remoteId: username, state: data?.state };
  }
  async function removeMembership(username: string): Promise<void> {
    await call(
      `DELETE /orgs/${org}/memberships/${username}`,
      true,
      (s) => octokit.orgs.removeMembershipForUser({ org, username, ...request(s) }),
      true,
    );
  }
  async function findTeam(team_slug: string): Promise<RemoteRef | null> {
    const team = await call(
      `GET /orgs/${org}/teams/${team_slug}`,
      false,
      (s) => octokit.teams.getByName({ org, team_slug, ...request(s) }),
      true,
    );
    return team && { remoteId: team.slug };
  }

  return {
    kind: 'github',
    async test() {
      await call(`GET /orgs/${org}`, false, (s) => octokit.orgs.get({ org, ...request(s) }));
    },
    async findUser(u) {
      const username = githubLogin(u, config.loginFrom);
      const data = await call(
        `GET /orgs/${org}/memberships/${username}`,
        false,
        (s) => octokit.orgs.getMembershipForUser({ org, username, ...request(s) }),
        true,
      );
      return data && { remoteId: username, state: data.state };
    },
    createUser: async (u) => setMembership(githubLogin(u, config.loginFrom), u.roles),
    updateUser: async (ref, u) => setMembership(ref.remoteId, u.roles),
    deactivateUser: (ref) => removeMembership(ref.remoteId),
    deleteUser: (ref) => removeMembership(ref.remoteId),
    findGroup: (g) => findTeam(teamSlug(g)),
    async createGroup(g) {
      try {
        const team = await call(`POST /orgs/${org}/teams`, true, (s) =>
          octokit.teams.create({ org, name: g.displayName, privacy: config.teamPrivacy, ...request(s) }),
        );
        return { remoteId: team!.slug };
      } catch (error) {
        // 422 "already_exists": a team of that name is there already, adopt it.
        const existing = error instanceof ConnectorError && error.status === 422 ? await findTeam(teamSlug(g)) : null;
        if (!existing) throw error;
        return existing;
      }
    },
    async updateGroup(ref, g) {
      // Renaming a team changes its slug (GitHub "Update a team"): the new slug is the new ref.
      const team = await call(`PATCH /orgs/${org}/teams/${ref.remoteId}`, true, (s) =>
        octokit.teams.updateInOrg({ org, team_slug: ref.remoteId, name: g.displayName, ...request(s) }),
      );
      return { remoteId: team!.slug };
    },
    async deleteGroup(ref) {
      await call(
        `DELETE /orgs/${org}/teams/${ref.remoteId}`,
        true,
        (s) => octokit.teams.deleteInOrg({ org, team_slug: ref.remoteId, ...request(s) }),
        true,
      );
    },
    async addMembers(group, users) {
      for (const { remoteId: username } of users) {
        await call(`PUT /orgs/${org}/teams/${group.remoteId}/memberships/${username}`, true, (s) =>
          octokit.teams.addOrUpdateMembershipForUserInOrg({
            org,
            team_slug: group.remoteId,
            username,
            role: 'member',
            ...request(s),
          }),
        );
      }
    },
    async removeMembers(group, users) {
      for (const { remoteId: username } of users) {
        await call(
          `DELETE /orgs/${org}/teams/${group.remoteId}/memberships/${username}`,
          true,
          (s) =>
            octokit.teams.removeMembershipForUserInOrg({ org, team_slug: group.remoteId, username, ...request(s) }),
          true,
        );
      }
    },
  };
}
