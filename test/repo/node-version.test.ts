// Node's version is stated once, in .nvmrc (the major the project targets; scripts/node-path.sh
// and scripts/base-images.sh read it there), and once more as the minimum, in package.json's
// engines. Where a file must repeat them (an image tag in a Dockerfile or a compose file,
// the Node types the code is checked against), these tests fail when a copy disagrees.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repositoryFiles, root } from "./files";

const read = (path: string) => readFileSync(join(root, path), "utf8");
const major = Number(read(".nvmrc").replace(/\D/g, ""));
const packageJson = JSON.parse(read("package.json")) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

// Text files that may name an image: Dockerfiles, compose and stack files, manifests,
// scripts, docs and the code (tests build compose text too).
const text = /(^Dockerfile$|\.Dockerfile$|\.(ya?ml|sh|md|conf|json|ts|js|mjs|cjs)$)/;

describe("Node's version", () => {
  test("When .nvmrc is read Then it names a major version", () => {
    expect(read(".nvmrc")).toMatch(/^\d+\s*$/);
    expect(major).toBeGreaterThanOrEqual(22);
  });

  test("Then every node:<major> image anywhere in the repository is .nvmrc's", () => {
    const images = repositoryFiles((name) => text.test(name) && name !== "package-lock.json").flatMap((file) =>
      [...read(file).matchAll(/\bnode:(\d+)[\w.-]*/g)].map(([image]) => ({ file, image })),
    );
    // The Dockerfile's default and compose's are among them: the scan sees the files that matter.
    expect(images.map(({ file }) => file)).toEqual(
      expect.arrayContaining(["services/Dockerfile", "docker-compose.yml"]),
    );
    expect(images.filter(({ image }) => !image.startsWith(`node:${major}-`) && image !== `node:${major}`)).toEqual([]);
  });

  test("Then the Node types the code is checked against are .nvmrc's major", () => {
    expect(packageJson.devDependencies["@types/node"]).toMatch(new RegExp(`^\\D*${major}\\.`));
  });

  test("Then the minimum in package.json's engines is the one scripts/node-path.sh accepts", () => {
    const minimum = /^min=(\d+)$/m.exec(read("scripts/node-path.sh"))?.[1];
    expect(packageJson.engines.node).toMatch(new RegExp(`^>=${minimum}(\\.|$)`));
  });
});
