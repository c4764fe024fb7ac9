/**
 * `--format ts`: TypeScript declarations for the inferred shape. Keys missing from some objects
 * become `?:`, null becomes `| null`, several types a union, arrays `T[]`. Each object path gets
 * its own interface named after its key (`entries/[]` → `Entry`).
 */
import { JType, SegKind, type Shape, type ShapeNode } from './model.js';
import { compareCodePoints } from './shape-path.js';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const RESERVED = new Set(['Array', 'Boolean', 'Date', 'Error', 'Function', 'Map', 'Number', 'Object', 'Promise', 'Record', 'RegExp', 'Set', 'String', 'Symbol']);

function pascal(text: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  let name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  if (name === '') name = 'Value';
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name;
}

function singular(name: string): string {
  if (/[^kv]ies$/.test(name) && name.length > 4) return `${name.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(name)) return name;
  if (/s$/.test(name) && name.length > 2) return name.slice(0, -1);
  return `${name}Item`;
}

function propertyName(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

export interface TsOptions {
  /** Name of the top-level type (default Root). */
  rootName?: string;
}

export function renderTypeScript(shape: Shape, options: TsOptions = {}): string {
  const names = new Map<ShapeNode, string>();
  const used = new Set<string>();
  const declarations: string[] = [];

  const baseName = (node: ShapeNode): string => {
    switch (node.kind) {
      case SegKind.Root:
        return options.rootName ?? 'Root';
      case SegKind.Item:
        return singular(node.parent === null ? 'Item' : baseName(node.parent));
      case SegKind.Json:
        return `${node.parent === null ? '' : baseName(node.parent)}Json`;
      default:
        return pascal(node.key);
    }
  };

  const nameOf = (node: ShapeNode): string => {
    const known = names.get(node);
    if (known !== undefined) return known;
    let name = baseName(node);
    if (used.has(name) || RESERVED.has(name)) {
      let owner = node.parent;
      while (owner !== null && owner.kind !== SegKind.Root && owner.children.size === 0) owner = owner.parent;
      const parentName = owner !== null && owner.kind !== SegKind.Root ? nameOf(owner) : '';
      name = `${parentName}${name}`;
    }
    let unique = name;
    for (let i = 2; used.has(unique) || RESERVED.has(unique); i++) unique = `${name}${i}`;
    used.add(unique);
    names.set(node, unique);
    return unique;
  };

  const pending: ShapeNode[] = [];

  const typeOf = (node: ShapeNode | null): string => parts(node).join(' | ');

  const parts = (node: ShapeNode | null): string[] => {
    if (node === null) return ['unknown'];
    const out: string[] = [];
    const t = node.types;
    if (t[JType.String]! > 0) out.push('string');
    if (t[JType.Integer]! > 0 || t[JType.Number]! > 0) out.push('number');
    if (t[JType.Boolean]! > 0) out.push('boolean');
    if (t[JType.Object]! > 0) {
      if (node.children.size === 0) {
        out.push('Record<string, unknown>');
      } else {
        out.push(nameOf(node));
        pending.push(node);
      }
    }
    if (t[JType.Array]! > 0) {
      const item = node.item === null ? ['unknown'] : parts(node.item);
      out.push(item.length > 1 ? `(${item.join(' | ')})[]` : `${item[0]!}[]`);
    }
    if (t[JType.Null]! > 0) out.push('null');
    return out.length === 0 ? ['unknown'] : out;
  };

  const emitted = new Set<ShapeNode>();
  const emitInterface = (node: ShapeNode): void => {
    if (emitted.has(node)) return;
    emitted.add(node);
    const objects = node.types[JType.Object]!;
    const lines = [`export interface ${nameOf(node)} {`];
    const keys = [...node.children.keys()].sort(compareCodePoints);
    for (const key of keys) {
      const child = node.children.get(key)!;
      const optional = child.count < objects;
      const json = child.json;
      if (json !== null) {
        const type = typeOf(json);
        const objectName = names.get(json);
        let alias = objectName ?? nameOf(json);
        if (type !== alias) {
          if (objectName !== undefined) {
            alias = `${objectName}Value`;
            for (let i = 2; used.has(alias); i++) alias = `${objectName}Value${i}`;
            used.add(alias);
          }
          declarations.push(`/** JSON text found in ${JSON.stringify(key)} strings, parsed. */\nexport type ${alias} = ${type};\n`);
        }
        lines.push(`  /** ${json.count < child.types[JType.String]! ? 'May hold' : 'Holds'} JSON text: see ${alias}. */`);
      }
      lines.push(`  ${propertyName(key)}${optional ? '?' : ''}: ${typeOf(child)};`);
    }
    lines.push('}');
    declarations.push(`${lines.join('\n')}\n`);
  };

  const root = shape.root;
  const rootName = options.rootName ?? 'Root';
  const onlyObject = root.types.every((count, type) => type === JType.Object || count === 0) && root.types[JType.Object]! > 0 && root.children.size > 0;
  if (onlyObject) {
    names.set(root, rootName);
    used.add(rootName);
    pending.push(root);
  } else {
    used.add(rootName);
    declarations.push(`export type ${rootName} = ${typeOf(root)};\n`);
  }
  while (pending.length > 0) emitInterface(pending.shift()!);
  return `// Generated by har shape --format ts\n\n${declarations.join('\n')}`;
}
