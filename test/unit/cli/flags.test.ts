import { Command, InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { futureDateFlag, hostFlag, intFlag, portFlag, withArticle } from '../../../src/cli/flags.js';

function refusal(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('portFlag', () => {
  it.each(['1', '80', '8080', '65535'])('accepts %s and keeps the text as typed', (value) => {
    expect(portFlag(value)).toBe(value);
  });

  it.each(['0', '65536', '-1', '80.5', '1e3', ' 80', '80 ', '', 'abc', '0x50'])('refuses %j', (value) => {
    expect(refusal(() => portFlag(value))).toBe('expected an integer from 1 to 65535');
  });
});

describe('hostFlag', () => {
  it.each(['localhost', '127.0.0.1', '::', '::1', '0.0.0.0', 'roster.internal'])('accepts %s', (value) => {
    expect(hostFlag(value)).toBe(value);
  });

  it.each(['', '   ', 'my host', 'host\t', '\nhost'])('refuses %j', (value) => {
    expect(refusal(() => hostFlag(value))).toBe('expected a host name or address');
  });
});

describe('futureDateFlag', () => {
  const now = () => new Date('2027-01-01T00:00:00Z');
  const parse = futureDateFlag(now);

  it('accepts a date-time after now and keeps it as typed', () => {
    expect(parse('2027-01-01T00:00:01Z')).toBe('2027-01-01T00:00:01Z');
    expect(parse('2030-06-30')).toBe('2030-06-30');
  });

  it('refuses now itself and the past, echoing the value', () => {
    expect(refusal(() => parse('2027-01-01T00:00:00Z'))).toBe(
      '2027-01-01T00:00:00Z is in the past; give a future date-time',
    );
    expect(refusal(() => parse('2026-12-31T23:59:59Z'))).toContain('is in the past');
  });

  it.each(['tomorrow', '', '2027-13-01', 'not-a-date'])('refuses %j as not a date-time, with an example', (value) => {
    expect(refusal(() => parse(value))).toBe('expected an ISO-8601 date-time, e.g. 2027-01-31T00:00:00Z');
  });

  it('reads the clock at each parse, not when the parser is made', () => {
    let clock = new Date('2027-01-01T00:00:00Z');
    const moving = futureDateFlag(() => clock);
    expect(moving('2027-06-01T00:00:00Z')).toBe('2027-06-01T00:00:00Z');
    clock = new Date('2028-01-01T00:00:00Z');
    expect(refusal(() => moving('2027-06-01T00:00:00Z'))).toContain('is in the past');
  });
});

describe('intFlag', () => {
  const percent = intFlag(0, 100);

  it('returns a number, bounds included', () => {
    expect(percent('0')).toBe(0);
    expect(percent('100')).toBe(100);
    expect(percent('007')).toBe(7);
  });

  it.each(['101', '-1', '1.5', '', 'ten', '1e2'])('refuses %j naming the range', (value) => {
    expect(refusal(() => percent(value))).toBe('expected a whole number from 0 to 100');
  });

  it('applies its own minimum', () => {
    expect(refusal(() => intFlag(1, 10)('0'))).toBe('expected a whole number from 1 to 10');
  });
});

describe('the parsers in a commander program', () => {
  function run(args: string[]): { options?: Record<string, unknown>; error?: string } {
    const program = new Command()
      .exitOverride()
      .configureOutput({ writeErr: () => {}, writeOut: () => {} })
      .option('--port <port>', 'port', portFlag)
      .option('--max <n>', 'count', intFlag(1, 500));
    try {
      program.parse(args, { from: 'user' });
      return { options: program.opts() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  it('hands the parsed values to the command', () => {
    expect(run(['--port', '8443', '--max', '20']).options).toEqual({ port: '8443', max: 20 });
  });

  it('refuses a bad value naming the flag the user typed', () => {
    expect(run(['--port', 'abc']).error).toBe(
      "error: option '--port <port>' argument 'abc' is invalid. expected an integer from 1 to 65535",
    );
    expect(run(['--max', '501']).error).toContain("option '--max <n>' argument '501' is invalid");
  });
});

describe('withArticle', () => {
  it.each([
    ['admin API key', 'an admin API key'],
    ['SCIM token', 'a SCIM token'],
    ['Operator', 'an Operator'],
    ['ECS sink', 'an ECS sink'],
  ])('%s → %s', (noun, phrase) => {
    expect(withArticle(noun)).toBe(phrase);
  });
});
