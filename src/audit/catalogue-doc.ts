import { EVENT_CATALOGUE, EVENT_CATEGORIES, EVENT_NAMES, type EventCategory } from './catalogue.js';

// The catalogue as a Markdown page (docs/audit-events.md), so the published list is the code's.

const CATEGORY_NOTES: Record<EventCategory, string> = {
  authentication: 'Sign-in and sign-out',
  iam: 'Identities, groups, roles and credentials',
  access: 'Authorization decisions',
  configuration: 'Tenant, IdP, policy and audit settings',
};

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function section(category: EventCategory): string[] {
  const names = EVENT_NAMES.filter((n) => EVENT_CATALOGUE[n].category === category).sort();
  return [
    `## ${category}`,
    '',
    `${CATEGORY_NOTES[category]}.`,
    '',
    '| event | meaning |',
    '|---|---|',
    ...names.map((n) => `| \`${n}\` | ${escapeCell(EVENT_CATALOGUE[n].description)} |`),
    '',
  ];
}

export function renderAuditEventsDoc(): string {
  return [
    '# Audit and domain events',
    '',
    '<!-- Generated from src/audit/catalogue.ts by `npm run docs:audit`; do not edit by hand. -->',
    '',
    'Every name Roster writes as an audit record (`GET /v1/audit`, the SIEM streams) or a domain',
    'event (`GET /v1/events`), by the category a SIEM stream filters on. Filters accept a name or',
    '`noun.*` (all names of one noun, such as `group.*`).',
    '',
    ...EVENT_CATEGORIES.flatMap(section),
  ].join('\n');
}
