// A minimal PNG decoder for screenshots (8-bit RGB or RGBA, non-interlaced, as headless Chromium writes them):
// chunks → IDAT inflated → rows unfiltered (PNG spec §9: None, Sub, Up, Average, Paeth).
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom. */
  rgba: Uint8Array;
}

export function readPng(path: string): Image {
  const buf = readFileSync(path);
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error(`${path}: not a PNG`);
  let width = 0,
    height = 0,
    channels = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < buf.length;) {
    const len = buf.readUInt32BE(at),
      type = buf.toString('latin1', at + 4, at + 8),
      data = buf.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error(`${path}: only 8-bit non-interlaced PNGs`);
      channels = { 2: 3, 6: 4 }[data[9]] ?? 0;
      if (!channels) throw new Error(`${path}: colour type ${data[9]} is not RGB or RGBA`);
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels,
    rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) unfilter(raw, y * (stride + 1), rows, y, stride, channels);
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(rows.subarray(i * channels, i * channels + 3), i * 4);
    rgba[i * 4 + 3] = channels === 4 ? rows[i * channels + 3] : 255;
  }
  return { width, height, rgba };
}

function unfilter(raw: Uint8Array, at: number, out: Uint8Array, y: number, stride: number, bpp: number): void {
  const filter = raw[at],
    row = y * stride;
  for (let x = 0; x < stride; x++) {
    const v = raw[at + 1 + x];
    const a = x >= bpp ? out[row + x - bpp] : 0,
      b = y > 0 ? out[row - stride + x] : 0,
      c = x >= bpp && y > 0 ? out[row - stride + x - bpp] : 0;
    const p = a + b - c,
      pa = Math.abs(p - a),
      pb = Math.abs(p - b),
      pc = Math.abs(p - c);
    const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
    if (pred === undefined) throw new Error(`PNG: unknown filter ${filter} in row ${y}`);
    out[row + x] = (v + pred) & 255;
  }
}

/** Pixels within `tol` (per channel) of the colour [r, g, b]. */
export function countColour(img: Image, [r, g, b]: [number, number, number], tol = 24): number {
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4)
    if (
      Math.abs(img.rgba[i] - r) <= tol &&
      Math.abs(img.rgba[i + 1] - g) <= tol &&
      Math.abs(img.rgba[i + 2] - b) <= tol
    )
      n++;
  return n;
}
