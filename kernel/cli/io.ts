import { Params, readParamsFile } from "../params";

export interface Io { readonly stdout: NodeJS.WriteStream; readonly stderr: NodeJS.WriteStream }

/** `-f file` first, then `-p name=value` on top (papermill's precedence). */
export async function collectParams(args: { readonly paramsFile: string | undefined; readonly params: Params }): Promise<Params> {
  const fromFile = args.paramsFile === undefined ? {} : await readParamsFile(args.paramsFile);
  return { ...fromFile, ...args.params };
}
