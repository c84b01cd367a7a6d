import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import {
  type AuditRecordView,
  EXPORT_FORMATS,
  type ExportFormat,
  exportChunks,
  getRetention,
  invalidParameter,
  iterateAudit,
  listAudit,
  parseAuditQuery,
  type RawParams,
  setRetention,
} from '../audit-log/index.js';
import { getTenant } from '../tenants/index.js';
import { cliActor, withRuntime } from './context.js';

// `roster audit list|export|retention`: the audit API's reads and retention for an operator at
// the terminal, with the same filters and the same errors (src/audit-log).

type FilterOptions = Partial<Record<'actor' | 'action' | 'target' | 'outcome' | 'from' | 'to' | 'order', string>>;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function withFilterOptions(command: Command): Command {
  return command
    .option('--actor <id>', 'actor id (user, token or key id, operator name)')
    .option('--action <names>', 'event names, comma-separated; noun.* for all of a noun (docs/audit-events.md)')
    .option('--target <id>', 'target id')
    .option('--outcome <outcome>', 'success, failure or denied')
    .option('--from <time>', 'RFC 3339 start, inclusive')
    .option('--to <time>', 'RFC 3339 end, exclusive')
    .option('--order <order>', 'desc (newest first) or asc', 'desc');
}

function rawFilters(opts: FilterOptions & { limit?: string; cursor?: string }): RawParams {
  return Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined && typeof v === 'string'));
}

function line(r: AuditRecordView): string {
  const target = r.target ? `${r.target.type}:${r.target.id}` : '-';
  return [r.time, r.seq, r.action, r.outcome, `${r.actor.type}:${r.actor.id}`, target, r.reason ?? ''].join('\t');
}

function registerList(audit: Command): void {
  withFilterOptions(audit.command('list <tenant>').description("print one page of a tenant's audit trail"))
    .option('--limit <n>', 'records per page (1-1000)', '50')
    .option('--cursor <cursor>', 'continue from the cursor a previous page printed')
    .option('--json', 'print the page as JSON')
    .action(async (tenantId: string, opts: FilterOptions & { limit: string; cursor?: string; json?: boolean }) => {
      const page = await withRuntime(async ({ domain }) => {
        await getTenant(domain, tenantId);
        return listAudit(domain, tenantId, parseAuditQuery(rawFilters(opts)));
      });
      if (opts.json) return print(JSON.stringify({ data: page.data, next_cursor: page.nextCursor }, null, 2));
      for (const record of page.data) print(line(record));
      if (page.nextCursor) process.stderr.write(`more: --cursor ${page.nextCursor}\n`);
    });
}

function registerExport(audit: Command): void {
  withFilterOptions(audit.command('export <tenant>').description('write every matching record as NDJSON or CSV'))
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('--output <file>', 'write to a file instead of stdout')
    .action(async (tenantId: string, opts: FilterOptions & { format: string; output?: string }) => {
      if (!EXPORT_FORMATS.includes(opts.format as ExportFormat)) {
        throw invalidParameter('format', `must be one of ${EXPORT_FORMATS.join(', ')}`);
      }
      const { format, output, ...filters } = opts;
      await withRuntime(async ({ domain }) => {
        await getTenant(domain, tenantId);
        const records = iterateAudit(domain, tenantId, parseAuditQuery(rawFilters(filters)));
        const sink = output ? createWriteStream(output) : process.stdout;
        await pipeline(Readable.from(exportChunks(records, format as ExportFormat)), sink, { end: !!output });
      });
    });
}

function registerRetention(audit: Command): void {
  audit
    .command('retention <tenant>')
    .description("show a tenant's audit retention, or set it with --days or --default")
    .option('--days <n>', 'keep audit records this many days (existing records move too)')
    .option('--default', 'go back to the configured default (ROSTER_AUDIT_RETENTION_DAYS)')
    .action(async (tenantId: string, opts: { days?: string; default?: boolean }) => {
      const result = await withRuntime(async ({ config, domain }) => {
        await getTenant(domain, tenantId);
        const defaultDays = config.auditRetentionDays;
        if (opts.days === undefined && !opts.default) return getRetention(domain, tenantId, defaultDays);
        const days = opts.default ? null : Number(opts.days);
        return setRetention(domain, tenantId, { days, actor: cliActor(config), defaultDays });
      });
      const moved = 'recordsUpdated' in result ? `; ${result.recordsUpdated} existing records re-dated` : '';
      print(`tenant ${tenantId} keeps audit records ${result.days} days (${result.source})${moved}`);
    });
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('read, export and set the retention of the audit trail');
  registerList(audit);
  registerExport(audit);
  registerRetention(audit);
}
