package namegen

import "testing"

func BenchmarkDraw(b *testing.B) {
	s := NewSampler(1)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Draw()
	}
}

func BenchmarkBuildModel(b *testing.B) {
	for b.Loop() {
		if _, err := buildModel(); err != nil {
			b.Fatal(err)
		}
	}
}
