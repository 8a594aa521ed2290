// The model the build resolves from the services' IDLs (build.ts), which esbuild embeds
// in the bundle under this name.
declare module "playground:model" {
  const model: import("../model").PlaygroundModel;
  export default model;
}
