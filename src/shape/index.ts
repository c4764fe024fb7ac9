export { JType, JTYPE_NAMES, RawNumber, SegKind, ShapeNode, newShape, type JTypeName, type NodeStats, type Shape, type ShapeValue } from './model.js';
export { ShapeBuilder, inferShape, mergeShapes, shapeOfJson, type InferOptions } from './infer.js';
export { parseShapePath, escapeKey, escapeKeyDictknife, pathText, compareCodePoints, type ShapeSegment } from './shape-path.js';
export { shapeRows, orderedNodes, isOptional, typeNames, type OptionalRule, type RowOptions, type ShapeRow, type Vocabulary } from './rows.js';
export { renderRows, jsonText, type RenderOptions, type RowFormat } from './render-rows.js';
export { pyFloatRepr, pyRepr, pyStr } from './python.js';
