// Several services at one path, told apart by the message name, as Apache's
// TMultiplexedProtocol clients send them: `ThriftTest:testString` goes to the service
// registered as `ThriftTest`, which receives and answers the call as `testString` (the
// reply carries the bare name, as Apache's TMultiplexedProcessor's does, and as every
// stock client expects). A name without `:` goes to the default service, if there is
// one, so that plain clients keep working beside multiplexed ones.
//
//     const both = createMultiplexedService(
//       { ThriftTest: thriftTest, SecondService: second },
//       { defaultService: "ThriftTest" },
//     );
//     createServerApp({ services: { "/ThriftTest": both }, … });
//
// Each service keeps its own options (limits, timeouts, oneway queue): this only reads
// the message header, renames the call and hands it on. The ordinary path of a service
// mounted on its own pays nothing for it.
import { Thrift } from "thrift";
import type { MethodDefinition, ServiceDefinition } from "./definition";
import { answerHeaderFrame } from "./header-frame";
import type { BodyProblem, CallReport, ThriftHttpRequest, ThriftHttpRequestHead, ThriftHttpResponse } from "./http";
import { httpError } from "./http-error";
import { encodeApplicationException } from "./message";
import { multiplexSeparator, readMessageName } from "./message-name";
import { protocolFromContentType, protocolOf, type ProtocolName } from "./protocols";
import { ReplacedBody } from "./replaced-body";
import { thriftReply } from "./replies";
import type { OnewayErrorReporter, ThriftService } from "./service";
import { quoted } from "./quote";

export { multiplexSeparator };

export interface MultiplexedServiceOptions {
  /**
   * The service (a key of the map) that answers messages whose name has no
   * `Service:` prefix, and the paths `/<method>`. Default: none; such calls get
   * `UNKNOWN_METHOD` and such paths 404.
   */
  defaultService?: string;
}

/**
 * Serves `services`, keyed by the name multiplexed clients put before the method (usually,
 * but not necessarily, the IDL service's name), at one mount path. Throws at creation on
 * an empty map, a name that is empty or holds `:` (no client could reach it), a value that
 * is not a service, or a default that is not one of the names.
 */
export function createMultiplexedService(
  services: Readonly<Record<string, ThriftService>>,
  options: MultiplexedServiceOptions = {},
): ThriftService {
  const names = Object.keys(services);
  if (names.length === 0) throw new TypeError("A multiplexed service needs at least one service");
  for (const name of names) {
    if (name === "" || name.includes(multiplexSeparator)) {
      const quoted = JSON.stringify(name);
      throw new TypeError(`Multiplexed service name ${quoted} must be non-empty, without "${multiplexSeparator}"`);
    }
    const service = services[name];
    if (typeof service?.handle !== "function" || typeof service.admit !== "function") {
      throw new TypeError(`The service named ${name} is not a ThriftService`);
    }
  }
  const { defaultService } = options;
  if (defaultService !== undefined && !Object.hasOwn(services, defaultService)) {
    throw new TypeError(`The default service ${defaultService} is none of ${names.join(", ")}`);
  }
  return new MultiplexedService(services, defaultService);
}

class MultiplexedService implements ThriftService {
  readonly definition: ServiceDefinition;
  private readonly byName: ReadonlyMap<string, ThriftService>;
  private readonly fallback: ThriftService | undefined;
  private readonly unique: readonly ThriftService[];
  /** The report of a request no service here took. */
  private readonly refused: CallReport;

  constructor(services: Readonly<Record<string, ThriftService>>, defaultService: string | undefined) {
    this.byName = new Map(Object.entries(services));
    this.fallback = defaultService === undefined ? undefined : services[defaultService];
    this.unique = [...new Set(this.byName.values())];
    // The methods by the name a message may carry: what a caller can call here.
    const methods: Record<string, MethodDefinition> = {};
    for (const [name, service] of this.byName) {
      for (const [method, definition] of Object.entries(service.definition.methods)) {
        methods[`${name}${multiplexSeparator}${method}`] = definition;
      }
    }
    if (this.fallback !== undefined) Object.assign(methods, this.fallback.definition.methods);
    this.definition = { name: [...this.byName.keys()].join("+"), methods };
    this.refused = Object.freeze({ service: this.definition.name, method: undefined, outcome: "bad_request" });
  }

  admit(head: ThriftHttpRequestHead): ThriftHttpResponse | number {
    const owner = this.headOwner(head);
    if (owner === undefined) {
      const message = `No default service answers ${quoted(head.path)}: call the multiplexed services at the mount path`;
      return httpError("not_found", message, this.refused);
    }
    const admitted = owner.admit(head);
    if (typeof admitted !== "number" || head.path.length > 1) return admitted;
    // At the mount path the service is not known before the body: it may take as long as
    // the most patient one allows.
    let timeoutMs = admitted;
    for (const service of this.unique) {
      const theirs = service.admit(head);
      if (typeof theirs === "number" && theirs > timeoutMs) timeoutMs = theirs;
    }
    return timeoutMs;
  }

  // Before the body, the service is not known at the mount path: every service there
  // checks a head alike (method, content type, timeout header), so the default one, or
  // the first, stands for them; a path naming a method is the default service's.
  private headOwner(head: ThriftHttpRequestHead): ThriftService | undefined {
    return head.path === "" || head.path === "/" ? (this.fallback ?? this.unique[0]!) : this.fallback;
  }

  refuseBody(head: ThriftHttpRequestHead, problem: BodyProblem): ThriftHttpResponse {
    return (this.headOwner(head) ?? this.unique[0]!).refuseBody(head, problem);
  }

  reportOnewayErrorsTo(report: OnewayErrorReporter): void {
    for (const service of this.unique) service.reportOnewayErrorsTo(report);
  }

  async handle(request: ThriftHttpRequest, admitted?: number): Promise<ThriftHttpResponse> {
    const timeoutMs = admitted ?? this.admit(request);
    if (typeof timeoutMs !== "number") return timeoutMs;
    // A path naming a method (or a GET) is the default service's, which admitted it above.
    if (request.path.length > 1) return this.fallback!.handle(request, timeoutMs);

    // At the mount path the service that takes the call admits it again by its own limits.
    const framed = answerHeaderFrame(request, this.refused, (inner) => this.handle(inner, timeoutMs));
    if (framed !== undefined) return framed;
    const protocol = protocolOf(protocolFromContentType(request.contentType)!, request.body);
    const message = readMessageName(request.body, protocol);
    if (message === undefined) {
      return httpError("bad_request", "Undecodable Thrift message: its header cannot be read", this.refused);
    }
    const { name, seqid } = message;
    const separator = name.indexOf(multiplexSeparator);
    if (separator === -1) {
      if (this.fallback === undefined) {
        const text = `Unknown method ${quoted(name)}: call it as <service>${multiplexSeparator}${quoted(name)}`;
        return this.unknown(protocol, name, seqid, text);
      }
      return this.fallback.handle(request);
    }
    const service = this.byName.get(name.slice(0, separator));
    if (service === undefined) {
      return this.unknown(protocol, name, seqid, `Unknown service ${name.slice(0, separator)}`);
    }
    // One service name, one method: `A:A:m` names no method, as Apache's processors answer.
    if (name.includes(multiplexSeparator, separator + 1)) {
      return this.unknown(protocol, name, seqid, `Unknown method ${quoted(name.slice(separator + 1))}`);
    }
    const renamed = new ReplacedBody(request, message.rename(name.slice(separator + 1)));
    return service.handle(renamed);
  }

  private unknown(protocol: ProtocolName, name: string, seqid: number, text: string): ThriftHttpResponse {
    const body = encodeApplicationException(
      name,
      seqid,
      Thrift.TApplicationExceptionType.UNKNOWN_METHOD,
      text,
      protocol,
    );
    return thriftReply(protocol, body, this.refused);
  }

  async drain(): Promise<void> {
    await Promise.all(this.unique.map((service) => service.drain()));
  }

  get onewayPending(): number {
    return this.unique.reduce((sum, service) => sum + service.onewayPending, 0);
  }
}
