// `npm run sizes`: the longest source files and functions, against the limits the architecture test keeps.
import {
  fileLines,
  functionsOf,
  isDeclarative,
  isRouteTable,
  MAX_FILE_LINES,
  MAX_FUNCTION_LINES,
  sourceFiles,
} from './sizes.js';

const files = sourceFiles().filter((f) => !isDeclarative(f));
const longestFiles = files.map((f) => ({ file: f, lines: fileLines(f) })).sort((a, b) => b.lines - a.lines);
const functions = files
  .flatMap(functionsOf)
  .filter((f) => !isRouteTable(f))
  .sort((a, b) => b.lines - a.lines);

console.log(`files (limit ${MAX_FILE_LINES} lines; declarative tables exempt):`);
for (const f of longestFiles.slice(0, 5)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}`);
console.log(`functions, own lines (limit ${MAX_FUNCTION_LINES}; route tables exempt):`);
for (const f of functions.slice(0, 5)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}: ${f.name}`);
