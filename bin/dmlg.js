#!/usr/bin/env node
// Entry point of the `dmlg` command; the compiled CLI lives in dist/ (run `npm run build` first).
require('../dist/apps/cli/src/main.js');
