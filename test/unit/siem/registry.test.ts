import { describe, expect, it } from 'vitest';
import { RosterError } from '../../../src/errors/index.js';
import { SHIPPERS, createShipper, parseShipperConfig } from '../../../workers/siem/shippers/index.js';

describe('shipper registry', () => {
  it('creates a shipper of each kind from a minimal config', async () => {
    const minimal: Record<string, unknown> = {
      splunk_hec: { url: 'https://hec.example.test:8088', token: 't' },
      elastic_bulk: { url: 'https://es.example.test', index: 'logs-roster.audit-default', auth: { apiKey: 'k' } },
      http_json: { url: 'https://hooks.example.test/in' },
      syslog: { host: 'siem.example.test', tls: {} },
    };
    for (const kind of Object.keys(SHIPPERS)) {
      const shipper = createShipper(kind, minimal[kind]);
      expect(shipper.kind).toBe(kind);
      await shipper.close();
    }
  });

  it('fills the defaults a stream admin did not write', () => {
    expect(parseShipperConfig('splunk_hec', { url: 'https://h', token: 't' })).toMatchObject({
      format: 'ecs',
      gzip: false,
      ack: false,
      sourcetype: 'roster:audit',
      timeoutMs: 10_000,
    });
    expect(parseShipperConfig('syslog', { host: 'h', tls: {} })).toMatchObject({
      facility: 10,
      payload: 'json',
      tls: { rejectUnauthorized: true },
    });
  });

  it('reports every bad field at once, by path, without echoing secret values', () => {
    let error: unknown;
    try {
      parseShipperConfig('elastic_bulk', {
        url: 'ftp://x',
        index: 'Logs',
        auth: { apiKey: '' },
        extra: 'super-secret-value',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RosterError);
    const message = (error as RosterError).message;
    expect((error as RosterError).code).toBe('invalid_input');
    expect(message).toMatch(/url: expected a URL starting with https:\/\//);
    expect(message).toMatch(/index: expected a lowercase index/);
    expect(message).toMatch(/auth/);
    expect(message).toMatch(/extra/);
    expect(message).not.toContain('super-secret-value');
  });

  it('demands both halves of a client certificate for mutual TLS', () => {
    expect(() => parseShipperConfig('syslog', { host: 'h', tls: { cert: '-----BEGIN CERTIFICATE-----' } })).toThrow(
      /mutual TLS needs both cert and key/,
    );
  });

  it('refuses an unknown kind and lists the known ones', () => {
    expect(() => createShipper('qradar_native', {})).toThrow(
      /unknown SIEM kind "qradar_native"; expected one of splunk_hec, elastic_bulk, http_json, syslog/,
    );
  });

  it('declares which config fields are secrets', () => {
    expect(SHIPPERS.splunk_hec.secretFields).toEqual(['token']);
    expect(SHIPPERS.elastic_bulk.secretFields).toEqual(['auth.apiKey', 'auth.password']);
    expect(SHIPPERS.http_json.secretFields).toEqual(['auth.token', 'auth.value']);
    expect(SHIPPERS.syslog.secretFields).toEqual(['tls.key']);
  });
});
