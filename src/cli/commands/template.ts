import { writeFile } from 'node:fs/promises';
import { generateTemplate } from '../../operations/csv/index.ts';
import { isBulkOperationType, BULK_OPERATION_TYPES } from '../../operations/model.ts';
import { parseArgs, stringFlag, UsageError } from '../args.ts';
import { EXIT, type CliIo } from '../io.ts';

export async function runTemplateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['out'], booleans: [] });
  const [type, extra] = args.positionals;
  if (!isBulkOperationType(type) || extra !== undefined) {
    throw new UsageError(`template needs one type: ${BULK_OPERATION_TYPES.join(', ')}.`);
  }
  const csv = generateTemplate(type);
  const out = stringFlag(args, 'out');
  if (out === undefined) {
    io.stdout.write(csv);
  } else {
    await writeFile(out, csv, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') throw new UsageError(`${out} already exists; choose another file name.`);
      throw error;
    });
    io.stderr.write(`Wrote the ${type} template to ${out}.\n`);
  }
  return EXIT.ok;
}
