import { InvalidArgumentError } from 'commander';

// Parsers for flag values, so a bad value is refused by commander with the flag the user typed
// ("option '--port <port>' argument 'abc' is invalid. expected …"), not later by the config
// schema or a domain service in the words of an internal field.

export function portFlag(value: string): string {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 65535) throw new InvalidArgumentError('expected an integer from 1 to 65535');
  return value;
}

export function hostFlag(value: string): string {
  if (value.trim() === '' || /\s/.test(value)) throw new InvalidArgumentError('expected a host name or address');
  return value;
}

/** An ISO-8601 date-time in the future: a credential that expires in the past could never be used. */
export function futureDateFlag(now: () => Date = () => new Date()): (value: string) => string {
  return (value) => {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new InvalidArgumentError('expected an ISO-8601 date-time, e.g. 2027-01-31T00:00:00Z');
    if (time <= now().getTime()) throw new InvalidArgumentError(`${value} is in the past; give a future date-time`);
    return value;
  };
}

/** A whole number from `min` to `max` (a count or a percentage). */
export function intFlag(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

/** "an admin API key", "a SCIM token". */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}
