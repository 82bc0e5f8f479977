package demo

import "gateway/geo"

type laInfo struct {
	ID   int64
	Code string
	Name string
	geo.DemoLA
}

func (b *builder) buildLAs() error {
	var rows [][]any
	for _, la := range geo.DemoCounty() {
		id := b.id("local_authorities")
		bound := la.Boundary.Bound()
		rows = append(rows, []any{id, la.Code, la.Name, geo.BoundaryJSON(la.Boundary),
			bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1], b.now, b.now})
		b.las = append(b.las, laInfo{ID: id, Code: la.Code, Name: la.Name, DemoLA: la})
	}
	b.sum.LAs = len(rows)
	return b.load.Load(b.ctx, "local_authorities",
		[]string{"id", "code", "name", "boundary", "min_lon", "min_lat", "max_lon", "max_lat", "created_at", "updated_at"}, rows)
}
