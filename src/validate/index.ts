/** `har validate` as a library: findings per level, streamed entry by entry. */
export { validateHar, VALIDATION_LEVELS, type ValidateOptions, type ValidationLevel } from './validate.js';
export { FINDING_ROWS, QUIRKS, type Finding, type Quirk, type Severity } from './findings.js';
