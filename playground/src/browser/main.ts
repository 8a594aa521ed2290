// The page: every service of the stack with its methods and their policies; choosing a
// method gives an argument editor filled with a valid example; Send calls it through the
// gateway on this origin and shows the answer with the HTTP facts around it. Built from
// the DOM API alone (text nodes, never HTML from data), so the strict CSP holds.
import model from "playground:model";
import type { Idl, MethodModel as ModelMethod } from "../../../shared/src/codegen/model";
import { DynamicCodecs } from "../../../shared/src/dynamic/codec";
import { dynamicService, type DynamicService } from "../../../shared/src/dynamic/definition";
import { sendCall, shownHeaders, type CallOutcome } from "../call";
import { exampleArguments } from "../example";
import { idlFromJson, type MountJson } from "../model";
import { policyLabels, signature } from "../policies";

interface Loaded {
  readonly mount: MountJson;
  readonly idl: Idl;
  readonly service: DynamicService;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const loaded: Loaded[] = model.mounts.flatMap((mount) => {
  const idl = idlFromJson(mount.idl);
  const codecs = new DynamicCodecs(idl);
  return mount.services.map((name) => ({ mount, idl, service: dynamicService(idl, name, codecs) }));
});

let current: { loaded: Loaded; method: ModelMethod; button: HTMLButtonElement } | undefined;

function renderServices(): void {
  const nav = byId<HTMLElement>("services");
  for (const entry of loaded) {
    const section = element("section", "service");
    const heading = element("h2", undefined, entry.service.name);
    heading.append(element("span", "path", entry.mount.path));
    section.append(heading);
    const list = element("ul");
    for (const { model: method } of entry.service.methods.values()) {
      const item = element("li");
      const button = element("button", "method", method.name);
      button.type = "button";
      button.dataset["method"] = `${entry.service.name}.${method.name}`;
      button.addEventListener("click", () => choose(entry, method, button));
      item.append(button, policyList(method));
      list.append(item);
    }
    section.append(list);
    nav.append(section);
  }
}

function policyList(method: ModelMethod): HTMLElement {
  const list = element("span", "policies");
  for (const { label, annotation } of policyLabels(method)) {
    const badge = element("span", "policy", label);
    badge.title = annotation;
    list.append(badge);
  }
  return list;
}

function choose(entry: Loaded, method: ModelMethod, button: HTMLButtonElement): void {
  current?.button.removeAttribute("aria-current");
  button.setAttribute("aria-current", "true");
  current = { loaded: entry, method, button };
  byId("empty").hidden = true;
  byId("call").hidden = false;
  byId("title").textContent = `${entry.service.name}.${method.name}`;
  byId("target").textContent = entry.mount.path;
  byId("signature").textContent = signature(method);
  byId("doc").textContent = method.doc.join("\n");
  const policies = byId("policies");
  policies.replaceChildren(policyList(method));
  resetArguments();
  byId("result").hidden = true;
}

function resetArguments(): void {
  if (current === undefined) return;
  const { idl, service } = current.loaded;
  const example = exampleArguments(idl, service.codecs, current.method);
  byId<HTMLTextAreaElement>("args").value = JSON.stringify(example, null, 2);
}

async function send(): Promise<void> {
  if (current === undefined) return;
  const button = byId<HTMLButtonElement>("send");
  button.disabled = true;
  byId("result").setAttribute("aria-busy", "true");
  try {
    const target = { path: current.loaded.mount.path, service: current.loaded.service, method: current.method.name };
    show(await sendCall(fetch.bind(window), target, byId<HTMLTextAreaElement>("args").value));
  } finally {
    button.disabled = false;
    byId("result").removeAttribute("aria-busy");
  }
}

function show(outcome: CallOutcome): void {
  byId("result").hidden = false;
  const status = byId("status");
  const facts = byId("facts");
  facts.replaceChildren();
  const output = byId("output");
  output.dataset["kind"] = outcome.kind;
  if (outcome.kind === "invalid") {
    status.textContent = "Not sent";
    output.textContent = outcome.message;
    return;
  }
  const { request, elapsedMs } = outcome;
  const fact = (name: string, value: string) => {
    facts.append(element("dt", undefined, name), element("dd", undefined, value));
  };
  if (outcome.kind === "transport") {
    status.textContent = `${request.method} · no answer · ${elapsedMs.toFixed(1)} ms`;
    fact("X-Request-ID (sent)", request.requestId);
    output.textContent = outcome.message;
    return;
  }
  status.textContent = `${request.method} · HTTP ${outcome.status} · ${elapsedMs.toFixed(1)} ms · ${label(outcome.kind)}`;
  for (const name of shownHeaders) fact(name, outcome.headers[name] ?? "—");
  output.textContent = outcome.text;
}

function label(kind: "result" | "exception" | "http" | "protocol"): string {
  switch (kind) {
    case "result":
      return "result";
    case "exception":
      return "exception";
    case "http":
      return "HTTP error";
    case "protocol":
      return "not a Thrift reply";
  }
}

renderServices();
byId("send").addEventListener("click", () => void send());
byId("reset").addEventListener("click", resetArguments);
byId("args").addEventListener("keydown", (event) => {
  // Ctrl+Enter (Cmd+Enter) sends, as in most API consoles.
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    void send();
  }
});
