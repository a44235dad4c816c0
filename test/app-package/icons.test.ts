import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePng } from './png.ts';
import { importPackageScript, ROOT, runNodeScript } from './package-script.ts';

const COLOR_PATH = join(ROOT, 'appPackage', 'color.png');
const OUTLINE_PATH = join(ROOT, 'appPackage', 'outline.png');

function countPixels(rgba: Buffer, matches: (r: number, g: number, b: number, a: number) => boolean): number {
  let count = 0;
  for (let offset = 0; offset < rgba.length; offset += 4) {
    if (matches(rgba[offset]!, rgba[offset + 1]!, rgba[offset + 2]!, rgba[offset + 3]!)) count += 1;
  }
  return count;
}

describe('the app icons', () => {
  it('are 192×192 (colour) and 32×32 (outline) according to their PNG headers', async () => {
    const { readPngSize } = await importPackageScript();
    assert.deepEqual(readPngSize(readFileSync(COLOR_PATH)), { width: 192, height: 192 });
    assert.deepEqual(readPngSize(readFileSync(OUTLINE_PATH)), { width: 32, height: 32 });
  });

  it('draw the outline in white on a transparent background, and nothing else', () => {
    const outline = decodePng(readFileSync(OUTLINE_PATH));
    assert.equal(outline.width * outline.height * 4, outline.rgba.length);
    const total = outline.width * outline.height;
    const allowed = countPixels(outline.rgba, (r, g, b, a) => a === 0 || (r === 255 && g === 255 && b === 255));
    assert.equal(allowed, total);
    const opaque = countPixels(outline.rgba, (_r, _g, _b, a) => a === 255);
    assert.ok(opaque > total / 10, `only ${opaque} opaque pixels: the glyph is missing`);
    assert.ok(total - opaque > total / 3, 'the background is not transparent');
  });

  it('give the colour icon an opaque background so it looks the same on light and dark themes', () => {
    const color = decodePng(readFileSync(COLOR_PATH));
    assert.equal(
      countPixels(color.rgba, (_r, _g, _b, a) => a !== 255),
      0,
    );
    const white = countPixels(color.rgba, (r, g, b) => r === 255 && g === 255 && b === 255);
    assert.ok(white > 1000, 'the white glyph is missing');
  });

  it('are exactly what scripts/make-icons.mjs draws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'icons-'));
    try {
      const run = await runNodeScript('scripts/make-icons.mjs', ['--out', dir]);
      assert.equal(run.code, 0, run.stderr);
      for (const file of ['color.png', 'outline.png']) {
        const drawn = decodePng(readFileSync(join(dir, file)));
        const committed = decodePng(readFileSync(join(ROOT, 'appPackage', file)));
        assert.ok(drawn.rgba.equals(committed.rgba), `${file} differs from what the script draws`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
