import "server-only";

/**
 * The segment ids of an FTS5 index, read from its structure record (rowid 10 of the %_data table;
 * the format is fts5StructureDecode's in SQLite's fts5_index.c): a 4-byte cookie, an optional
 * "structure v2" marker, then varints: levels, segments, write counter, and per level its merge
 * state and segments (id, first and last page; v2 adds five more numbers each).
 */
export function fts5SegmentIds(structure: Uint8Array): number[] {
  let at = 4;
  const v2 = structure.length >= 8 && structure[4] === 0xff && structure[5] === 0 && structure[6] === 0 && structure[7] === 1;
  if (v2) at += 4;
  const read = () => {
    const [value, length] = varint(structure, at);
    at += length;
    return value;
  };
  const levels = read();
  read(); // segments in all
  read(); // write counter
  const ids: number[] = [];
  for (let level = 0; level < levels; level++) {
    read(); // segments of this level being merged
    const segments = read();
    for (let segment = 0; segment < segments; segment++) {
      ids.push(read());
      read(); // first page
      read(); // last page
      if (v2) for (let extra = 0; extra < 5; extra++) read();
    }
  }
  return ids;
}

/** SQLite's varint: 7 bits a byte, most significant first, high bit set on all but the last; a 9th byte carries 8 bits. */
function varint(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let index = 0; index < 8; index++) {
    const byte = bytes[at + index] ?? 0;
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) return [value, index + 1];
  }
  return [value * 256 + (bytes[at + 8] ?? 0), 9];
}
