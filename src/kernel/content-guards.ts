/**
 * Small type guards that message guards are built from. A capture is hostile input, so a
 * field only gets a type once a guard has looked at its value; `FieldGuards<T>` makes the
 * compiler demand one guard per field of a content type, so the type and its check cannot drift.
 */
import { isPlainObject } from '../util/values.js';

export type JsonObject = { [key: string]: unknown };

export type Guard<T> = (value: unknown) => value is T;

type Field<T, K extends keyof T> = T[K];

/** One guard per field of `T`; an optional field takes `optional(…)` (or a stricter guard). */
export type FieldGuards<T> = { [K in keyof T]-?: Guard<Field<T, K>> };

/** A JSON object: not null, not an array. */
export const isJsonObject: Guard<JsonObject> = isPlainObject;

export const isString: Guard<string> = (value): value is string => typeof value === 'string';
export const isNumber: Guard<number> = (value): value is number => typeof value === 'number';
export const isBoolean: Guard<boolean> = (value): value is boolean => typeof value === 'boolean';
export const isStringArray: Guard<string[]> = (value): value is string[] => Array.isArray(value) && value.every(isString);

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (value): value is T | undefined => value === undefined || guard(value);
}

export function nullable<T>(guard: Guard<T>): Guard<T | null> {
  return (value): value is T | null => value === null || guard(value);
}

export function literal<const L extends readonly string[]>(...values: L): Guard<L[number]> {
  return (value): value is L[number] => typeof value === 'string' && values.includes(value);
}

/** An object whose own fields pass their guards; other fields are left as they are. */
export function fields<T>(guards: FieldGuards<T>): Guard<T & JsonObject> {
  const entries = Object.entries(guards) as [string, Guard<unknown>][];
  // Own fields only: a field named like a prototype member must not be read off Object.prototype.
  return (value): value is T & JsonObject =>
    isJsonObject(value) && entries.every(([name, guard]) => guard(Object.hasOwn(value, name) ? value[name] : undefined));
}

export function both<A, B>(a: Guard<A>, b: Guard<B>): Guard<A & B> {
  return (value): value is A & B => a(value) && b(value);
}

export function either<A, B>(a: Guard<A>, b: Guard<B>): Guard<A | B> {
  return (value): value is A | B => a(value) || b(value);
}
