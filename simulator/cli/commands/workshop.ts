/**
 * `sightline workshop <scenario.yaml>`: start a live workshop room (issue 14) and keep serving it until Ctrl-C.
 * Prints the presenter's address (with its host token), the join address, the room code and a QR code of the
 * join address. Loopback unless `--lan` — then it warns that anyone on the network can join with the code.
 * The server lives in electron/workshop (it needs node:http and SQLite); it is imported only here.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { renderUnicodeCompact } from 'uqr';
import type { CommandContext } from '../context.js';
import { println } from '../context.js';
import { EXIT_OK, UsageError } from '../errors.js';

export interface WorkshopCommandOptions {
  variant?: string;
  seed?: number;
  port?: string;
  lan?: boolean;
  dataDir?: string;
  new?: boolean;
  /** Tests: resolve once the room is up instead of waiting for a signal. */
  signal?: AbortSignal;
}

export async function workshopCommand(
  file: string,
  options: WorkshopCommandOptions,
  ctx: CommandContext,
): Promise<number> {
  const port = options.port === undefined ? 0 : Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a number from 0 to 65535, not "${options.port}"`);
  }
  const path = resolve(ctx.io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
  const { startWorkshop } = await import('../../../electron/workshop/start.js');
  const dataDir = resolve(ctx.io.cwd, options.dataDir ?? '.sightline');
  const workshop = await startWorkshop({
    file,
    text,
    variant: options.variant ?? 'base',
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    port,
    lan: options.lan ?? false,
    db: { path: resolve(dataDir, 'sightline.db') },
    fresh: options.new ?? false,
  });
  const { server, room, run } = workshop;
  const out = ctx.io.stdout;
  println(out, ctx.out.bold(`Workshop: ${run.title} (${run.variant}, seed ${run.seed})`));
  println(
    out,
    workshop.resumed
      ? ctx.out.green(`Resumed room ${room.code} (${room.participantCount()} participants).`)
      : `New room ${room.code}.`,
  );
  println(out);
  println(out, `  Presenter:  ${server.presenterUrl}`);
  println(out, `  Join at:    ${server.joinUrl}`);
  println(out, `  Room code:  ${ctx.out.bold(room.code)}`);
  println(out);
  println(out, renderUnicodeCompact(server.qrUrl, { border: 1 }));
  if (server.lan) {
    println(
      ctx.io.stderr,
      ctx.err.yellow(
        'warning: --lan binds to every network interface: anyone on this network who has the room code can join ' +
          'and see the view of the party they are given. Use it only on a network you trust.',
      ),
    );
  } else {
    println(
      out,
      ctx.out.dim(
        'Loopback only: participants on this machine. Use --lan to let phones on your network join.',
      ),
    );
  }
  println(out, ctx.out.dim('Ctrl-C stops the server; the room is kept and resumes when you start it again.'));
  await new Promise<void>((done) => {
    if (options.signal) {
      if (options.signal.aborted) return done();
      options.signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
  await workshop.close();
  return EXIT_OK;
}
