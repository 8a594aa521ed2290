// The repository's own files, for the tests of facts that span many of them: every file
// under the root but what git ignores here (dependencies, builds, local state) and .git.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

export const root = join(__dirname, "../..");

// .gitignore's directories: installed, built or made at run time, never the project's.
const skipped = new Set([
  ".git",
  "node_modules",
  "dist",
  "coverage",
  ".tools",
  ".certs",
  ".secrets",
  ".bench",
  ".data",
]);

/** Every file of the repository whose name `matches`, as a path from the root. */
export function repositoryFiles(matches: (name: string) => boolean): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile() && matches(entry.name)) {
        found.push(relative(root, join(dir, entry.name)));
      }
    }
  };
  walk(root);
  return found.sort();
}
