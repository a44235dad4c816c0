// Draws the Teams app icons (appPackage/color.png 192×192, appPackage/outline.png 32×32) from shapes, so they
// can be regenerated without an image editor: `node scripts/make-icons.mjs [--out <dir>]`.
// The glyph is an envelope inside a counter-clockwise arrow: a mailbox brought back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/** The glyph in a unit square (y grows downwards): an envelope inside a counter-clockwise "restore" arrow. */
const STROKE = 0.085;
// The ring sits a little low so that the arrow head above it leaves the glyph optically centred.
const RING = { cx: 0.5, cy: 0.53, r: 0.4, from: degrees(260), to: degrees(560) };
const GLYPH_SHAPES = [
  { kind: 'arc', ...RING },
  { kind: 'triangle', points: drawArrowHead(RING, 0.16, 0.14) },
  // the envelope: its edges, then the flap
  { kind: 'segment', points: [0.3, 0.39, 0.7, 0.39] },
  { kind: 'segment', points: [0.7, 0.39, 0.7, 0.67] },
  { kind: 'segment', points: [0.7, 0.67, 0.3, 0.67] },
  { kind: 'segment', points: [0.3, 0.67, 0.3, 0.39] },
  { kind: 'segment', points: [0.3, 0.39, 0.5, 0.54] },
  { kind: 'segment', points: [0.5, 0.54, 0.7, 0.39] },
];

function degrees(value) {
  return (value * Math.PI) / 180;
}

/** A triangle at the arc's start, pointing the way a counter-clockwise sweep leaves it. */
function drawArrowHead({ cx, cy, r, from }, length, halfWidth) {
  const [ex, ey] = [cx + r * Math.cos(from), cy + r * Math.sin(from)];
  const [dx, dy] = [Math.sin(from), -Math.cos(from)];
  const [nx, ny] = [Math.cos(from), Math.sin(from)];
  return [
    ex + dx * length,
    ey + dy * length,
    ex + nx * halfWidth,
    ey + ny * halfWidth,
    ex - nx * halfWidth,
    ey - ny * halfWidth,
  ];
}

/** Samples per pixel side: the edges are anti-aliased by averaging SUPERSAMPLE² points. */
const SUPERSAMPLE = 8;

const ICONS = [
  // Teams asks for the symbol inside the middle of the colour icon; the outline icon keeps a small margin.
  { file: 'color.png', size: 192, glyphBox: [44, 148], background: colorBackground },
  { file: 'outline.png', size: 32, glyphBox: [2.5, 29.5], background: null },
];

/** The brand gradient, #1A7FD4 at the top left to #0B5AA6 at the bottom right (accentColor is #0F6CBD). */
function colorBackground(x, y, size) {
  const t = (x + y) / (2 * (size - 1));
  const mix = (from, to) => Math.round(from + (to - from) * t);
  return [mix(0x1a, 0x0b), mix(0x7f, 0x5a), mix(0xd4, 0xa6)];
}

function distanceToSegment(px, py, [x1, y1, x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

function isOnArc(u, v, { cx, cy, r, from, to }) {
  const turn = 2 * Math.PI;
  const angle = from + ((((Math.atan2(v - cy, u - cx) - from) % turn) + turn) % turn);
  if (angle <= to) return Math.abs(Math.hypot(u - cx, v - cy) - r) <= STROKE / 2;
  // the round cap at the end without an arrow head
  return Math.hypot(u - (cx + r * Math.cos(to)), v - (cy + r * Math.sin(to))) <= STROKE / 2;
}

function isInTriangle(u, v, [x1, y1, x2, y2, x3, y3]) {
  const side = (ax, ay, bx, by) => (bx - ax) * (v - ay) - (by - ay) * (u - ax);
  const [a, b, c] = [side(x1, y1, x2, y2), side(x2, y2, x3, y3), side(x3, y3, x1, y1)];
  return (a >= 0 && b >= 0 && c >= 0) || (a <= 0 && b <= 0 && c <= 0);
}

function isInsideGlyph(u, v) {
  return GLYPH_SHAPES.some((shape) => {
    if (shape.kind === 'arc') return isOnArc(u, v, shape);
    if (shape.kind === 'triangle') return isInTriangle(u, v, shape.points);
    return distanceToSegment(u, v, shape.points) <= STROKE / 2;
  });
}

/** The share of a pixel the glyph covers, from 0 to 1. */
function measureCoverage(px, py, [from, to]) {
  const span = to - from;
  let inside = 0;
  for (let i = 0; i < SUPERSAMPLE; i += 1) {
    for (let j = 0; j < SUPERSAMPLE; j += 1) {
      const u = (px + (i + 0.5) / SUPERSAMPLE - from) / span;
      const v = (py + (j + 0.5) / SUPERSAMPLE - from) / span;
      if (isInsideGlyph(u, v)) inside += 1;
    }
  }
  return inside / (SUPERSAMPLE * SUPERSAMPLE);
}

/** RGBA pixels: a white glyph over the background, or white with coverage as alpha when there is none. */
function drawIcon({ size, glyphBox, background }) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const coverage = measureCoverage(x, y, glyphBox);
      const offset = (y * size + x) * 4;
      if (background === null) {
        rgba.set([255, 255, 255, Math.round(255 * coverage)], offset);
        if (rgba[offset + 3] === 0) rgba.fill(0, offset, offset + 4);
        continue;
      }
      const base = background(x, y, size);
      rgba.set([...base.map((channel) => Math.round(channel + (255 - channel) * coverage)), 255], offset);
    }
  }
  return rgba;
}

function requireCrc32() {
  if (typeof zlib.crc32 !== 'function') throw new Error('Drawing the icons needs Node 20.15 or later (zlib.crc32).');
  return zlib.crc32;
}

function encodeChunk(type, data) {
  const crc32 = requireCrc32();
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** A minimal PNG: 8-bit RGBA, no interlace, filter type 0 (None) on every row. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y += 1) {
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    encodeChunk('IHDR', header),
    encodeChunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    encodeChunk('IEND', Buffer.alloc(0)),
  ]);
}

function readOutDir(argv) {
  const index = argv.indexOf('--out');
  if (index === -1) return join(dirname(fileURLToPath(import.meta.url)), '..', 'appPackage');
  const dir = argv[index + 1];
  if (dir === undefined || dir.startsWith('--')) throw new Error('--out needs a folder: --out <dir>.');
  return dir;
}

function main() {
  try {
    const outDir = readOutDir(process.argv.slice(2));
    mkdirSync(outDir, { recursive: true });
    for (const icon of ICONS) {
      writeFileSync(join(outDir, icon.file), encodePng(icon.size, icon.size, drawIcon(icon)));
      console.log(`Wrote ${join(outDir, icon.file)} (${icon.size}×${icon.size}).`);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

main();
