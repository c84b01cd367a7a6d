import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Request, RequestHandler } from 'express';
import express, { type Express } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /**
   * Times every request by method, route template and status (never by raw path: tenants and ids would explode
   * the series).
   */
  middleware: RequestHandler;
  /** Stops the event-loop delay monitor. */
  close(): void;
}

/**
 * Routers mounted under a path with a parameter (src/app.ts mounts SCIM at /scim/v2, then
 * /:tenant): their routes' own paths are relative, so the mount's template is put in front.
 * `req.baseUrl` cannot be used: it holds the raw tenant, and once an error handler mounted at a
 * prefix has run it names that handler's mount, not the route's (hence "/saml/saml/:tenant/login").
 */
const MOUNTS: readonly { pattern: RegExp; template: string }[] = [
  { pattern: /^\/scim\/v2\/[^/]+(?=\/|$)/, template: '/scim/v2/:tenant' },
];

export function routeTemplate(req: Request): string {
  const routePath = req.route?.path;
  if (typeof routePath !== 'string') return 'unmatched';
  const path = (req.originalUrl ?? req.url).split('?')[0];
  const mount = MOUNTS.find((m) => m.pattern.test(path) && !routePath.startsWith(m.template.split('/:')[0]));
  return mount ? `${mount.template}${routePath}` : routePath;
}

/** Event-loop delay (perf_hooks.monitorEventLoopDelay): what one slow request costs everyone else. */
function eventLoopDelay(registry: Registry): () => void {
  const monitor = monitorEventLoopDelay({ resolution: 10 });
  monitor.enable();
  new Gauge({
    name: 'roster_event_loop_delay_seconds',
    // `quantile` is reserved for summaries (promtool check metrics), so the label is `percentile`.
    help: 'Event-loop delay since the previous scrape, by percentile (perf_hooks.monitorEventLoopDelay)',
    labelNames: ['percentile'],
    registers: [registry],
    collect() {
      for (const p of [50, 90, 99]) this.set({ percentile: String(p) }, monitor.percentile(p) / 1e9);
      this.set({ percentile: '100' }, monitor.max / 1e9);
      monitor.reset();
    },
  });
  return () => monitor.disable();
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'roster_' });
  const stopMonitor = eventLoopDelay(registry);
  const duration = new Histogram({
    name: 'roster_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'roster_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const stop = duration.startTimer();
    res.on('finish', () => {
      const labels = { method: req.method, route: routeTemplate(req), status: String(res.statusCode) };
      stop(labels);
      requests.inc(labels);
    });
    next();
  };
  return { registry, middleware, close: stopMonitor };
}

/**
 * The scrape endpoint, on its own listener (ROSTER_METRICS_PORT, bound to ROSTER_METRICS_HOST,
 * 127.0.0.1 by default): how Prometheus exporters are usually run, so that nothing on the public
 * port reveals tenants' traffic, and a scrape needs no credentials in the Prometheus config.
 */
export function createMetricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('only /metrics is served here\n');
  });
  return app;
}
