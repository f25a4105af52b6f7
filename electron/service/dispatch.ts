// The one place a call crosses from untrusted input to a handler: both hosts (Electron IPC and the web host)
// route every call through here, so argument validation, error mapping and result checking cannot differ.
import { z } from 'zod';
import {
  calls,
  isCallName,
  type CallArgs,
  type CallName,
  type CallValue,
  type LabErrorInfo,
  type LabEvent,
  type Result,
} from '../contract.js';
import { LabError } from './errors.js';

/** One async function per call; the lab service implements this. */
export type LabHandlers = { [K in CallName]: (args: CallArgs<K>) => Promise<CallValue<K>> };

/** Where unexpected failures are written; never to the renderer, which gets a generic message. */
export type ErrorLog = (message: string, error: unknown) => void;

function fail(code: LabErrorInfo['code'], message: string): { ok: false; error: LabErrorInfo } {
  return { ok: false, error: { code, message } };
}

/** Issues as `path: message` lines, bounded so a hostile argument cannot make an enormous reply. */
function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(arguments)';
    return `${path}: ${issue.message}`;
  });
  if (error.issues.length > 10) lines.push(`… and ${error.issues.length - 10} more`);
  return lines.join('\n');
}

/**
 * Validate `rawArgs` against the contract, run the handler, and check its value against the contract's result
 * schema (so a drifting handler fails loudly here rather than in the renderer). Never throws.
 */
export async function dispatchCall(
  handlers: LabHandlers,
  name: string,
  rawArgs: unknown,
  log: ErrorLog = () => {},
): Promise<Result<unknown>> {
  if (!isCallName(name)) return fail('unknown-call', `There is no call named "${name.slice(0, 64)}".`);
  const spec = calls[name];
  const parsed = spec.args.safeParse(rawArgs);
  if (!parsed.success)
    return fail('invalid-args', `Invalid arguments to ${name}:\n${describeIssues(parsed.error)}`);
  let value: unknown;
  try {
    const handler = handlers[name] as (args: unknown) => Promise<unknown>;
    value = await handler.call(handlers, parsed.data);
  } catch (error) {
    if (error instanceof LabError) return fail(error.code, error.message);
    log(`call ${name} failed`, error);
    return fail('internal', `${name} failed unexpectedly; the details are in the log.`);
  }
  const checked = spec.result.safeParse(value);
  if (!checked.success) {
    log(`call ${name} returned a value outside the contract`, checked.error);
    return fail('internal', `${name} produced a malformed result; the details are in the log.`);
  }
  return { ok: true, value: checked.data };
}

/** What a host (IPC or web) needs of the service: the calls, and a way to hear its events. */
export interface HostedService extends LabHandlers {
  subscribe(listener: (event: LabEvent) => void): () => void;
}
