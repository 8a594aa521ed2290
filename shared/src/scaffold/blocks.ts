// Where a service appears in the files every service shares (compose, swarm, nginx,
// kustomize, prometheus, tsconfig, README): as a block of a recognisable shape, one per service.
// A new service's block is echo's block, renamed, placed after the last block of the same
// shape; removing it deletes exactly that text again, so add and remove are inverses and a
// block someone edited by hand is refused rather than half removed.

/** How far a block reaches from its first line. */
type Extent =
  /** the one line */
  | "line"
  /** up to the next blank line; a new one is set off by a blank line */
  | "paragraph"
  /** the following lines indented deeper than the first */
  | "indented";

/** One kind of per-service block in a shared file. */
export interface BlockShape {
  readonly file: string;
  /** Whether the block starting at `lines[index]` is a service's of this shape, and whose. */
  readonly serviceAt: (lines: readonly string[], index: number) => string | undefined;
  readonly extent: Extent;
  /** A new block goes after the last of its shape, or before the first (`"@starter/x/*": […],` lines, where the last has no comma). */
  readonly place: "after-last" | "before-first";
}

const id = "[a-z][a-z0-9]*";

/** A shape whose first line matches `pattern`, its first group the service's name, except `except`. */
function startsWith(pattern: RegExp, except: string[] = []): BlockShape["serviceAt"] {
  return (lines, index) => {
    const name = pattern.exec(lines[index]!)?.[1];
    return name !== undefined && !except.includes(name) ? name : undefined;
  };
}

/** A compose or swarm service that takes the shared settings (`<<: *service`): not the gateway. */
const composeService: BlockShape["serviceAt"] = (lines, index) =>
  lines[index + 1] === "    <<: *service" ? startsWith(new RegExp(`^  (${id}):$`))(lines, index) : undefined;

export const shapes: readonly BlockShape[] = [
  { file: "docker-compose.yml", serviceAt: composeService, extent: "paragraph", place: "after-last" },
  {
    file: "docker-compose.yml",
    serviceAt: startsWith(new RegExp(`^      (${id}): \\*healthy$`)),
    extent: "line",
    place: "after-last",
  },
  { file: "deploy/swarm/docker-stack.yml", serviceAt: composeService, extent: "paragraph", place: "after-last" },
  {
    file: "nginx/gateway/upstreams.conf",
    serviceAt: startsWith(new RegExp(`^upstream (${id}) \\{$`)),
    extent: "paragraph",
    place: "after-last",
  },
  {
    file: "nginx/conf.d/gateway.conf",
    serviceAt: startsWith(new RegExp(`^  location = /(${id}) \\{$`)),
    extent: "paragraph",
    place: "after-last",
  },
  {
    file: "prometheus/prometheus.yml",
    serviceAt: startsWith(new RegExp(`^  - job_name: (${id})$`), ["gateway", "prometheus"]),
    extent: "paragraph",
    place: "after-last",
  },
  {
    file: "deploy/k8s/base/kustomization.yaml",
    serviceAt: startsWith(new RegExp(`^  - (${id})\\.yaml$`), ["gateway"]),
    extent: "line",
    place: "after-last",
  },
  ...["dev", "production"].map(
    (overlay): BlockShape => ({
      file: `deploy/k8s/overlays/${overlay}/kustomization.yaml`,
      serviceAt: startsWith(new RegExp(`^  - name: thrift-http-starter/(${id})$`), ["gateway"]),
      extent: "indented",
      place: "after-last",
    }),
  ),
  {
    file: "tsconfig.json",
    serviceAt: startsWith(new RegExp(`^    \\{ "path": "services/(${id})" \\},$`)),
    extent: "line",
    place: "after-last",
  },
  {
    file: "test/stack/tsconfig.json",
    serviceAt: startsWith(new RegExp(`^      "@starter/(${id})/\\*": \\[.*\\],?$`)),
    extent: "line",
    place: "before-first",
  },
  {
    file: "README.md",
    serviceAt: startsWith(new RegExp(`^\\| (${id}) \\| \\d+ \\| \`/${id}\` \\|`)),
    extent: "line",
    place: "after-last",
  },
];

interface Found {
  readonly name: string;
  readonly start: number;
  /** One past the block's last line. */
  readonly end: number;
}

function blocks(shape: BlockShape, lines: readonly string[]): Found[] {
  const found: Found[] = [];
  for (let start = 0; start < lines.length; start++) {
    const name = shape.serviceAt(lines, start);
    if (name === undefined) continue;
    let end = start + 1;
    if (shape.extent === "paragraph") while (end < lines.length && lines[end] !== "") end++;
    if (shape.extent === "indented") {
      const indent = (line: string) => line.length - line.trimStart().length;
      while (end < lines.length && lines[end] !== "" && indent(lines[end]!) > indent(lines[start]!)) end++;
    }
    found.push({ name, start, end });
  }
  return found;
}

/** The template's block of this shape in `text`, as lines; throws if there is not exactly one. */
export function templateBlock(shape: BlockShape, text: string, template: string): string[] {
  const lines = text.split("\n");
  const own = blocks(shape, lines).filter((block) => block.name === template);
  if (own.length !== 1)
    throw new Error(`${shape.file}: expected one block of ${template} of this shape, found ${own.length}`);
  return lines.slice(own[0]!.start, own[0]!.end);
}

/** `text` with `block` (the lines of service `name`) added; throws if that service already has one. */
export function addBlock(shape: BlockShape, text: string, name: string, block: readonly string[]): string {
  const lines = text.split("\n");
  const existing = blocks(shape, lines);
  if (existing.some((found) => found.name === name)) throw new Error(`${shape.file} already has a block for ${name}`);
  const separator = shape.extent === "paragraph" ? [""] : [];
  if (shape.place === "before-first") {
    lines.splice(existing[0]!.start, 0, ...block, ...separator);
  } else {
    lines.splice(existing.at(-1)!.end, 0, ...separator, ...block);
  }
  return lines.join("\n");
}

/**
 * `text` without `block`, the lines `addBlock` added for service `name`; throws if the
 * service's block differs from them (edited by hand, or not made by new-service).
 */
export function removeBlock(shape: BlockShape, text: string, name: string, block: readonly string[]): string {
  const lines = text.split("\n");
  const own = blocks(shape, lines).filter((found) => found.name === name);
  const matches = own.length === 1 && lines.slice(own[0]!.start, own[0]!.end).join("\n") === block.join("\n");
  if (!matches) {
    throw new Error(
      `${shape.file}: the block of ${name} is not the one new-service makes (edited, or not generated): remove it by hand`,
    );
  }
  const { start, end } = own[0]!;
  const separator = shape.extent === "paragraph" ? 1 : 0;
  if (shape.place === "before-first") lines.splice(start, end - start + separator);
  else lines.splice(start - separator, end - start + separator);
  return lines.join("\n");
}
