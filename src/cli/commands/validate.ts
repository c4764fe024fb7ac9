import { VALIDATION_LEVELS, validateHar, FINDING_ROWS, type Finding, type ValidationLevel } from '../../validate/index.js';
import { writeRecords } from '../../write/records.js';
import { defineCommand } from '../command.js';
import { chosenFormat, formatOption, sourcesOf, tableOptions, withFiles, type FilesArgs } from '../common.js';

interface ValidateArgs extends FilesArgs {
  level: ValidationLevel;
  format?: 'table' | 'json' | 'ndjson' | 'tsv' | 'csv';
}

export const validateCommand = defineCommand<ValidateArgs>({
  command: 'validate [files..]',
  describe: 'Check HAR files against HAR 1.2 (--level spec), har-schema (schema) or real exports (lenient)',
  builder: (yargs) =>
    withFiles(yargs)
      .option('level', {
        describe: 'spec: HAR 1.2 strictly; schema: what har-schema checks; lenient: spec, with known exporter quirks as warnings',
        choices: VALIDATION_LEVELS,
        default: 'lenient' as ValidationLevel,
        requiresArg: true,
      })
      .option('format', formatOption(['table', 'json', 'ndjson', 'tsv', 'csv']))
      .example('$0 validate s.har', 'exit 0 when valid; quirks of the exporter are warnings')
      .example('$0 validate --level spec -f json s.har', 'every HAR 1.2 violation, as JSON'),
  run: async (args, ctx) => {
    let errors = 0;
    let warnings = 0;
    const findings = (async function* (): AsyncGenerator<Finding> {
      for await (const finding of validateHar(sourcesOf(ctx.io, args.files), { level: args.level })) {
        if (finding.severity === 'error') errors++;
        else warnings++;
        yield finding;
      }
    })();
    await writeRecords(ctx.out, findings, chosenFormat(ctx, args.format, 'json', 'table'), FINDING_ROWS, tableOptions(ctx));
    const counts = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} at level ${args.level}`;
    if (errors > 0) {
      ctx.note(`invalid: ${counts}`);
      ctx.answerNo();
    } else if (ctx.io.stderrIsTTY) {
      ctx.note(`valid: ${counts}`);
    }
  },
});
