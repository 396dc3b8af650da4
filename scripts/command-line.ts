import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * A script's options (node:util parseArgs), or a one-line error with the usage and exit status 2
 * for an unknown or malformed option (never a stack trace); `--help` or `-h` prints the usage and
 * exits 0.
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs(config);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n${usage}`);
    process.exit(2);
  }
}
