// What every browser test file shares: the server run.sh started (its
// address, the tokens of each role), where screenshots go, and one Chromium
// for the file, launched before its tests and closed after them.
import { before, after } from 'node:test';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.NODE_MODULES, '/'));
const { chromium } = require('playwright-core');

export const base = process.env.BASE_URL;
export const shots = process.env.SCREENSHOTS;
export const tokens = {
  supervisor: process.env.SUPERVISOR_TOKEN,
  leader: process.env.LEADER_TOKEN,
  unit: process.env.UNIT_TOKEN,
  province: process.env.PROVINCE_TOKEN,
};

// The file's browser: browser() is the running Chromium inside a test.
export function sharedBrowser() {
  let running;
  before(async () => {
    running = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ['--no-sandbox'] });
  });
  after(async () => {
    await running?.close();
  });
  return () => running;
}
