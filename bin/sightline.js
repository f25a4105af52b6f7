#!/usr/bin/env node
// Launcher for the `sightline` CLI: registers tsx (a runtime dependency) so the TypeScript CLI in
// simulator/cli/ runs without a build step, then hands over. `npx sightline --help` after `npm ci`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../simulator/cli/main.ts');
process.exitCode = await main(process.argv);
