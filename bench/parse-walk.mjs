#!/usr/bin/env node
// The cost floor of dictknife's `shape --with-type` algorithm in Node: read the whole file,
// JSON.parse it, walk every value (keys in sorted order, array items merged into `[]`), count
// values and collect the set of types per path, then print dictknife's text rows
// (`?` marker by its count rule, path, type or ['type', …]) in first-visit order.
//
//   node bench/parse-walk.mjs FILE
//
// Limits, by construction: a file over 512 M UTF-16 characters cannot become one string
// (ERR_STRING_TOO_LONG: exit 3 with a message); JSON.parse cannot tell `1.0` from `1`, so a number
// counts as int when Number.isInteger (the bench's HARs never write `1.0` or `1e3`); keys sort by
// UTF-16 code unit, not by code point (differs from Python only for astral vs U+E000–U+FFFF).
import { readFileSync } from 'node:fs';

const TYPE_NAMES = ['NoneType', 'bool', 'dict', 'float', 'int', 'list', 'str'];
const NONE = 1, BOOL = 2, DICT = 4, FLOAT = 8, INT = 16, LIST = 32, STR = 64;

class Node {
  constructor(segment, parent) {
    this.segment = segment;
    this.parent = parent;
    this.count = 0;
    this.types = 0;
    this.children = new Map();
  }
  child(segment, rows) {
    let node = this.children.get(segment);
    if (node === undefined) {
      node = new Node(segment, this);
      this.children.set(segment, node);
      rows.push(node);
    }
    return node;
  }
}

function walk(value, node, rows) {
  node.count++;
  if (value === null) {
    node.types |= NONE;
  } else if (Array.isArray(value)) {
    node.types |= LIST;
    if (value.length > 0) {
      const item = node.child('[]', rows);
      for (let i = 0; i < value.length; i++) walk(value[i], item, rows);
    }
  } else {
    switch (typeof value) {
      case 'object': {
        node.types |= DICT;
        const keys = Object.keys(value).sort();
        for (const key of keys) walk(value[key], node.child(key, rows), rows);
        break;
      }
      case 'string':
        node.types |= STR;
        break;
      case 'number':
        node.types |= Number.isInteger(value) ? INT : FLOAT;
        break;
      default:
        node.types |= BOOL;
    }
  }
}

function segmentText(segment) {
  return segment.includes('/') ? segment.replaceAll('~', '~0').replaceAll('/', '~1') : segment;
}

function main() {
  const file = process.argv[2];
  let document;
  try {
    document = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`parse-walk: ${file}: ${error.message}\n`);
    process.exit(3);
  }
  const rows = [];
  // dictknife shapes the dataset [document]; paths keep the wrapper `[]` for the `?` rule.
  const dataset = new Node('', null);
  dataset.count = 1;
  const wrapper = dataset.child('[]', []);
  walk(document, wrapper, rows);
  const lines = [];
  for (const node of rows) {
    const segments = [];
    for (let n = node; n !== wrapper; n = n.parent) segments.push(n.segment);
    segments.reverse();
    // Full path = ['[]', ...segments]; see research/dictknife-jqfpy.md §2.1 step 5.
    const full = ['[]', ...segments];
    let parentFrequency = node.parent.count;
    if (full.length > 2 && full[full.length - 2] === '[]' && full[full.length - 3] !== '[]') parentFrequency -= 1;
    const optional = parentFrequency - node.count > 0;
    const names = TYPE_NAMES.filter((_, i) => (node.types & (1 << i)) !== 0);
    const types = names.length === 1 ? names[0] : `[${names.map((n) => `'${n}'`).join(', ')}]`;
    lines.push(`${optional ? '?' : ''}${segments.map(segmentText).join('/')} ${types}`);
  }
  process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

main();
