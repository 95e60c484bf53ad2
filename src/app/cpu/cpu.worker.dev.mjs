// Worker entry under tsx/vitest (TypeScript sources): loads cpu.worker.ts through tsx's loader,
// which a worker thread does not inherit. The compiled dist/ loads cpu.worker.js directly.
import { tsImport } from "tsx/esm/api";

const worker = await tsImport("./cpu.worker.ts", import.meta.url);
export const { forecast, burndown, whereAmI, niceness } = worker;
