// The protobuf wire format (protobuf.dev/programming-guides/encoding), the part ONNX files use:
//   a message is a sequence of fields, each a varint key (field number << 3 | wire type) then its payload:
//   wire type 0 varint, 1 fixed 8 bytes, 2 length-delimited (varint length, then bytes), 5 fixed 4 bytes.
//   int64 values are varints of their 64-bit two's complement (a negative one takes 10 bytes); packed repeated
//   scalars are one length-delimited field holding the payloads back to back.
// Hand-written rather than protobufjs + onnx.proto: ONNX needs ~15 message types and these ~150 lines, and the reader
// has to check every length against the bytes left before allocating, which a generic decoder does not promise.

export const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
const EMPTY = new Uint8Array(0);

/** Builds one message; nested messages are encoded by a child writer and written as bytes. */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private pending: number[] = [];

  private flush(): void {
    if (this.pending.length) this.chunks.push(Uint8Array.from(this.pending));
    this.pending = [];
  }

  /** A varint of a whole number; negative numbers are written as 64-bit two's complement (int64 semantics). */
  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.pending.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.pending.push(Number(v));
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, value: number | bigint): this {
    if (typeof value === 'number' && !Number.isSafeInteger(value))
      throw new RangeError(`protobuf: field ${field} must be a whole number, got ${value}`);
    this.key(field, WIRE.varint);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.pending.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE.bytes);
    this.varint(value.length);
    this.flush();
    this.chunks.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** Repeated int64 in packed form. */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    this.flush();
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

/** One field as read: `value` for wire types 0/1/5 (int64 as bigint), `bytes` (a view, not a copy) for type 2. */
export interface ProtoField {
  field: number;
  wire: number;
  varint: bigint;
  bytes: Uint8Array;
  /** Byte offset of the field's payload in the message, for error messages. */
  at: number;
}

/** Reads one message's fields in order. Every length is checked against the bytes left: a truncated or
 *  malformed message is an Error naming `what` and the offset, never a read past the end. */
export class ProtoReader {
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly what: string,
  ) {}

  private fail(why: string): never {
    throw new Error(`${this.what}: ${why} at byte ${this.pos}`);
  }

  private readVarint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) this.fail('truncated varint');
      const b = this.buf[this.pos++];
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
    }
    return this.fail('varint longer than 10 bytes');
  }

  private take(n: number): Uint8Array {
    if (n > this.buf.length - this.pos) this.fail(`field claims ${n} bytes, ${this.buf.length - this.pos} are left`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  *fields(): Generator<ProtoField> {
    while (this.pos < this.buf.length) {
      const key = this.readVarint();
      const field = Number(key >> 3n),
        wire = Number(key & 7n);
      if (field === 0) this.fail('field number 0');
      const at = this.pos;
      if (wire === WIRE.varint) yield { field, wire, varint: this.readVarint(), bytes: EMPTY, at };
      else if (wire === WIRE.fixed64) yield { field, wire, varint: 0n, bytes: this.take(8), at };
      else if (wire === WIRE.fixed32) yield { field, wire, varint: 0n, bytes: this.take(4), at };
      else if (wire === WIRE.bytes) {
        const n = this.readVarint();
        if (n > BigInt(this.buf.length - this.pos))
          this.fail(`field ${field} claims ${n} bytes, ${this.buf.length - this.pos} are left`);
        yield { field, wire, varint: 0n, bytes: this.take(Number(n)), at };
      } else this.fail(`unsupported wire type ${wire} (field ${field})`);
    }
  }

  /** The payload of a packed repeated varint field, value by value. */
  *packedVarints(): Generator<bigint> {
    while (this.pos < this.buf.length) yield this.readVarint();
  }
}

/** A varint field as a signed int64 number; an Error when it does not fit a double exactly. */
export function int64Of(f: ProtoField, what: string): number {
  const v = BigInt.asIntN(64, f.varint);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
    throw new Error(`${what}: ${v} is too large`);
  return Number(v);
}

export function stringOf(f: ProtoField): string {
  return new TextDecoder('utf-8').decode(f.bytes);
}

export function float32Of(f: ProtoField): number {
  return new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true);
}

/** Values of a repeated int64 field, packed (one bytes field) or not (one varint per field). */
export function int64sOf(f: ProtoField, what: string): number[] {
  if (f.wire === WIRE.varint) return [int64Of(f, what)];
  const out: number[] = [];
  for (const v of new ProtoReader(f.bytes, what).packedVarints()) out.push(int64Of({ ...f, varint: v }, what));
  return out;
}

/** Values of a repeated float field, packed (4 bytes each in one bytes field) or not (one fixed32 per field). */
export function float32sOf(f: ProtoField, what: string): Float32Array {
  if (f.wire === WIRE.fixed32) return Float32Array.of(float32Of(f));
  if (f.wire !== WIRE.bytes || f.bytes.length % 4 !== 0)
    throw new Error(`${what}: packed floats need a multiple of 4 bytes, got ${f.bytes.length}`);
  return littleEndianFloats(f.bytes);
}

/** A copy of little-endian float32 bytes as a Float32Array (aligned, owned). */
export function littleEndianFloats(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length / 4),
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}
