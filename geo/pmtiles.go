package geo

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"slices"
)

// A small PMTiles v3 writer (https://github.com/protomaps/PMTiles, spec
// v3): the header, one root directory and the tile data, uncompressed, so
// a basemap is one file Gateway serves with range requests. Enough for an
// area's basemap (a few thousand tiles); an archive whose root directory
// would pass 16 KiB is refused rather than written with leaf directories.

// TileID is a tile's position on the PMTiles Hilbert curve: all tiles of
// lower zooms first, then along the curve.
func TileID(z uint8, x, y uint32) uint64 {
	acc := (uint64(1)<<(2*uint64(z)) - 1) / 3
	n := int64(1) << z
	tx, ty := int64(x), int64(y)
	var d uint64
	for s := n / 2; s > 0; s /= 2 {
		var rx, ry int64
		if tx&s > 0 {
			rx = 1
		}
		if ty&s > 0 {
			ry = 1
		}
		d += uint64(s) * uint64(s) * uint64((3*rx)^ry)
		if ry == 0 {
			if rx == 1 {
				tx, ty = n-1-tx, n-1-ty
			}
			tx, ty = ty, tx
		}
	}
	return acc + d
}

// Tile is one tile of an archive: its position and its encoded bytes
// (a Mapbox Vector Tile, not compressed).
type Tile struct {
	Z    uint8
	X, Y uint32
	Data []byte
}

// ArchiveInfo is the header's description of an archive: its zooms,
// bounds (lon/lat) and where a map opens.
type ArchiveInfo struct {
	MinZoom, MaxZoom uint8
	Bounds           [4]float64 // minLon, minLat, maxLon, maxLat
	Center           [2]float64 // lon, lat
	CenterZoom       uint8
	Metadata         []byte // JSON
}

const (
	pmHeaderLen     = 127
	pmMaxRootDirLen = 16384 - pmHeaderLen
)

type pmEntry struct {
	id     uint64
	offset uint64
	length uint32
	run    uint32
}

// WritePMTiles writes the tiles as a PMTiles v3 archive. Identical tiles
// (an empty field, a sea) are stored once.
func WritePMTiles(w io.Writer, info ArchiveInfo, tiles []Tile) error {
	type idTile struct {
		id   uint64
		data []byte
	}
	ts := make([]idTile, len(tiles))
	for i, t := range tiles {
		ts[i] = idTile{TileID(t.Z, t.X, t.Y), t.Data}
	}
	slices.SortFunc(ts, func(a, b idTile) int {
		switch {
		case a.id < b.id:
			return -1
		case a.id > b.id:
			return 1
		}
		return 0
	})
	var data bytes.Buffer
	seen := map[string]pmEntry{}
	var entries []pmEntry
	for i, t := range ts {
		if i > 0 && ts[i-1].id == t.id {
			return errors.New("pmtiles: two tiles at the same position")
		}
		if e, ok := seen[string(t.data)]; ok {
			last := &entries[len(entries)-1]
			if last.offset == e.offset && last.id+uint64(last.run) == t.id {
				last.run++ // a run of the same tile
				continue
			}
			entries = append(entries, pmEntry{id: t.id, offset: e.offset, length: e.length, run: 1})
			continue
		}
		e := pmEntry{id: t.id, offset: uint64(data.Len()), length: uint32(len(t.data)), run: 1}
		data.Write(t.data)
		seen[string(t.data)] = e
		entries = append(entries, e)
	}
	dir := encodeDirectory(entries)
	if len(dir) > pmMaxRootDirLen {
		return errors.New("pmtiles: too many tiles for one root directory")
	}
	rootOff := uint64(pmHeaderLen)
	metaOff := rootOff + uint64(len(dir))
	dataOff := metaOff + uint64(len(info.Metadata))
	h := make([]byte, pmHeaderLen)
	copy(h, "PMTiles")
	h[7] = 3
	le := binary.LittleEndian
	le.PutUint64(h[8:], rootOff)
	le.PutUint64(h[16:], uint64(len(dir)))
	le.PutUint64(h[24:], metaOff)
	le.PutUint64(h[32:], uint64(len(info.Metadata)))
	le.PutUint64(h[40:], dataOff) // no leaf directories
	le.PutUint64(h[48:], 0)
	le.PutUint64(h[56:], dataOff)
	le.PutUint64(h[64:], uint64(data.Len()))
	le.PutUint64(h[72:], uint64(len(ts)))
	le.PutUint64(h[80:], uint64(len(entries)))
	le.PutUint64(h[88:], uint64(len(seen)))
	h[96] = 0 // not clustered: runs may point back at earlier data
	h[97] = 1 // internal compression: none
	h[98] = 1 // tile compression: none
	h[99] = 1 // tile type: MVT
	h[100], h[101] = info.MinZoom, info.MaxZoom
	e7 := func(v float64) uint32 { return uint32(int32(v * 1e7)) }
	le.PutUint32(h[102:], e7(info.Bounds[0]))
	le.PutUint32(h[106:], e7(info.Bounds[1]))
	le.PutUint32(h[110:], e7(info.Bounds[2]))
	le.PutUint32(h[114:], e7(info.Bounds[3]))
	h[118] = info.CenterZoom
	le.PutUint32(h[119:], e7(info.Center[0]))
	le.PutUint32(h[123:], e7(info.Center[1]))
	for _, b := range [][]byte{h, dir, info.Metadata, data.Bytes()} {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func encodeDirectory(es []pmEntry) []byte {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(es)))
	var last uint64
	for _, e := range es {
		b = binary.AppendUvarint(b, e.id-last)
		last = e.id
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.run))
	}
	for _, e := range es {
		b = binary.AppendUvarint(b, uint64(e.length))
	}
	for i, e := range es {
		if i > 0 && e.offset == es[i-1].offset+uint64(es[i-1].length) {
			b = binary.AppendUvarint(b, 0)
		} else {
			b = binary.AppendUvarint(b, e.offset+1)
		}
	}
	return b
}

// ReadPMTile finds one tile in an archive this package wrote (root
// directory only); ok is false for a tile the archive does not hold.
func ReadPMTile(archive []byte, z uint8, x, y uint32) (data []byte, ok bool, err error) {
	if len(archive) < pmHeaderLen || string(archive[:7]) != "PMTiles" || archive[7] != 3 {
		return nil, false, errors.New("pmtiles: not a v3 archive")
	}
	le := binary.LittleEndian
	rootOff, rootLen := le.Uint64(archive[8:]), le.Uint64(archive[16:])
	dataOff := le.Uint64(archive[56:])
	r := bytes.NewReader(archive[rootOff : rootOff+rootLen])
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return nil, false, err
	}
	es := make([]pmEntry, n)
	var last uint64
	for i := range es {
		d, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, false, err
		}
		last += d
		es[i].id = last
	}
	for i := range es {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, false, err
		}
		es[i].run = uint32(v)
	}
	for i := range es {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, false, err
		}
		es[i].length = uint32(v)
	}
	for i := range es {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, false, err
		}
		if v == 0 && i > 0 {
			es[i].offset = es[i-1].offset + uint64(es[i-1].length)
		} else {
			es[i].offset = v - 1
		}
	}
	id := TileID(z, x, y)
	for _, e := range es {
		if id >= e.id && id < e.id+uint64(e.run) {
			start := dataOff + e.offset
			return archive[start : start+uint64(e.length)], true, nil
		}
	}
	return nil, false, nil
}
