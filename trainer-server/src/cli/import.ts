// `npm run import`: DICOM files, or a labeled data set of the simulation harness, into a PACS by STOW-RS.
// See the usage text (import/importOptions.ts) for the subcommands and the exit codes.
import { DatasetFormatError } from '../datasets/datasetFormatError.js';
import { PacsError } from '../pacs/pacsErrors.js';
import { importDataset } from './import/importDataset.js';
import { importDicomFolder } from './import/importDicomFolder.js';
import { IMPORT_USAGE, parseImportOptions } from './import/importOptions.js';
import { UsageError } from './start/startOptions.js';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(IMPORT_USAGE);
    return 0;
  }
  const options = parseImportOptions(argv, process.env);
  return options.command === 'dicom' ? importDicomFolder(options) : importDataset(options);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // These messages name the argument, file, line or URL at fault; a stack trace would only bury them.
  const explained =
    error instanceof UsageError || error instanceof DatasetFormatError || error instanceof PacsError;
  console.error(explained ? `import: ${(error as Error).message}` : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
