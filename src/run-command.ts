/**
 * The tail every command-line entry point shares (`npm run ask`, `check-knowledge`, `report`):
 * when the module is the script Node was started with, run `main` with the arguments, set the
 * exit code it returns, and turn an unexpected failure into one line on standard error and exit
 * code 1. Imported by tests, the module runs nothing.
 */
import { pathToFileURL } from "node:url";

export function runIfInvoked(
  moduleUrl: string,
  name: string,
  main: (argv: string[]) => Promise<number>,
): void {
  const script = process.argv[1];
  if (script === undefined || moduleUrl !== pathToFileURL(script).href) return;
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${name}: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 1;
    },
  );
}
