// Builds a kustomization the way `kubectl apply -k` would and checks each object against
// the Kubernetes API schemas. No cluster is needed: kustomize runs locally (the standalone
// binary, or the one built into kubectl since 1.14), and the schemas are kubernetes-models'.
import { spawnSync } from "node:child_process";
import { parseAllDocuments } from "yaml";

/** An object of a build: the fields every Kubernetes object has, the rest left to its kind. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}

function answers(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}

let command: string[] | undefined;

/** `kustomize build` if on PATH, else `kubectl kustomize`; a clear failure if neither is. */
function kustomizeCommand(): string[] {
  command ??= answers("kustomize", ["version"])
    ? ["kustomize", "build"]
    : answers("kubectl", ["version", "--client"])
      ? ["kubectl", "kustomize"]
      : undefined;
  if (!command) {
    throw new Error("kustomize is needed to build deploy/k8s: install kubectl (it includes kustomize) or kustomize");
  }
  return command;
}

/** The objects a kustomization directory builds into, in kustomize's order. */
export function build(dir: string): KubeObject[] {
  const [program, ...args] = kustomizeCommand() as [string, ...string[]];
  const result = spawnSync(program, [...args, dir], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${program} ${args.join(" ")} ${dir} failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout).map((document) => {
    if (document.errors.length > 0) throw new Error(`${dir}: ${document.errors[0]!.message}`);
    return document.toJS() as KubeObject;
  });
}

/**
 * The schema errors of an object, empty when it is valid: kubernetes-models has one model
 * per kind, in a module per API group and version (`kubernetes-models/apps/v1`).
 */
export async function schemaErrors(object: KubeObject): Promise<string[]> {
  const models = (await import(`kubernetes-models/${object.apiVersion}`)) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  const Model = models[object.kind];
  if (!Model) return [`no schema for ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
