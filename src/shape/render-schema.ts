/**
 * `--format schema`: a JSON Schema (2020-12) that accepts every document it was inferred from.
 * Keys present in every object at a path are `required`; integers stay `integer` unless a float
 * was seen there; JSON inside strings (--expand-json) is described with contentSchema.
 */
import { JType, type Shape, type ShapeNode } from './model.js';
import { compareCodePoints } from './shape-path.js';

export type JsonSchema = { [keyword: string]: unknown };

export const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export function schemaOf(node: ShapeNode): JsonSchema {
  const t = node.types;
  const types: string[] = [];
  if (t[JType.Null]! > 0) types.push('null');
  if (t[JType.Boolean]! > 0) types.push('boolean');
  if (t[JType.Number]! > 0) types.push('number');
  else if (t[JType.Integer]! > 0) types.push('integer');
  if (t[JType.String]! > 0) types.push('string');
  if (t[JType.Object]! > 0) types.push('object');
  if (t[JType.Array]! > 0) types.push('array');
  if (types.length === 0) return {};
  const schema: JsonSchema = { type: types.length === 1 ? types[0] : types };
  if (t[JType.Object]! > 0) {
    const objects = t[JType.Object]!;
    const keys = [...node.children.keys()].sort(compareCodePoints);
    const properties: JsonSchema = {};
    const required: string[] = [];
    for (const key of keys) {
      const child = node.children.get(key)!;
      Object.defineProperty(properties, key, { value: schemaOf(child), enumerable: true, writable: true, configurable: true });
      if (child.count >= objects) required.push(key);
    }
    schema['properties'] = properties;
    if (required.length > 0) schema['required'] = required;
  }
  if (t[JType.Array]! > 0) schema['items'] = node.item === null ? {} : schemaOf(node.item);
  if (node.json !== null && t[JType.String]! > 0) {
    schema['contentMediaType'] = 'application/json';
    schema['contentSchema'] = schemaOf(node.json);
  }
  return schema;
}

export function inferredSchema(shape: Shape, title?: string): JsonSchema {
  return { $schema: SCHEMA_DIALECT, ...(title === undefined ? {} : { title }), ...schemaOf(shape.root) };
}
