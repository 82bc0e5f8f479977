package models

import (
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// The batch's hand-written INSERT names every column of an audit event
// but the id, so no field Audit writes is left out of a batched read's row.
func TestTheBatchInsertWritesEveryAuditColumn(t *testing.T) {
	sch, err := schema.Parse(&AuditEvent{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range sch.Fields {
		if f.DBName != "" && f.DBName != "id" {
			want = append(want, f.DBName)
		}
	}
	got := slices.Clone(auditColumns)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("auditColumns %v, AuditEvent's columns %v", got, want)
	}
	if n := len(auditValues(&AuditEvent{})); n != len(auditColumns) {
		t.Errorf("%d values for %d columns", n, len(auditColumns))
	}
}
