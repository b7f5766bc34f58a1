// build.mjs: bundles src/echarts-bdg.js with the esbuild pinned in
// package-lock.json into dist/echarts-bdg.min.js, and writes its gzip and
// brotli forms beside it so that bdg serves compressed bytes computed once,
// at build time, at the highest levels (too slow to do per request).
// Run by `make assets` after `npm ci`; nothing here is committed.
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const out = 'dist/echarts-bdg.min.js';
mkdirSync('dist', { recursive: true });
// dist holds only what this build writes (bdg embeds all of it): an older
// build's files, such as the full echarts.min.js, would ship unused.
for (const f of readdirSync('dist')) {
  if (f !== '.gitkeep') rmSync('dist/' + f);
}
// The licence header of ECharts' own build, kept as it is there.
const full = readFileSync('node_modules/echarts/dist/echarts.min.js', 'utf8');
const header = full.slice(0, full.indexOf('*/') + 2).trim().replace(/^\/\*/, '/*!');
const { version } = JSON.parse(readFileSync('node_modules/echarts/package.json', 'utf8'));
await build({
  entryPoints: ['src/echarts-bdg.js'],
  outfile: out,
  bundle: true,
  minify: true,
  format: 'iife',
  globalName: 'echarts',
  target: 'es2017',
  // ECharts' checks and warnings for developers are dropped, as in echarts.min.js.
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  banner: { js: `${header}\n/*! ECharts ${version}, only the parts bdg draws with: see assets/src/echarts-bdg.js in bdg */` },
  logLevel: 'warning',
});
const js = readFileSync(out);
const gz = gzipSync(js, { level: 9 });
const br = brotliCompressSync(js, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: js.length,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  },
});
writeFileSync(out + '.gz', gz);
writeFileSync(out + '.br', br);
const kb = (n) => (n / 1024).toFixed(0) + ' KB';
console.log(`${out}: ${kb(js.length)}, gzip ${kb(gz.length)}, brotli ${kb(br.length)}`);
