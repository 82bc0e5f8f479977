package models_test

// typeClass maps each declared column type to what it stores. The pairs
// are equivalent because Gateway reads and writes them through the same Go
// types on both databases:
var typeClass = map[string]string{
	// SQLite's INTEGER holds up to 64 bits, BIGINT's range. PostgreSQL's
	// 32-bit integer (tile coordinates, counts) maps here too: SQLite
	// has no narrower integer to tell it by.
	"integer": "integer", "bigint": "integer", "int": "integer", "smallint": "integer",
	// SQLite has one string type; TEXT and VARCHAR are both unbounded there
	// and in PostgreSQL TEXT is VARCHAR without a length.
	"text": "text", "varchar": "text", "character varying": "text",
	// DATETIME holds a UTC time as text (models.Now is UTC, microseconds);
	// TIMESTAMPTZ holds the same instant. The driver converts both to
	// time.Time.
	"datetime": "time", "timestamp": "time", "timestamp with time zone": "time",
	// A calendar date with no time or zone: models.Date on both sides.
	"date": "date",
	// SQLite stores BOOLEAN as 0/1 with numeric affinity; the driver scans
	// it into a Go bool as PostgreSQL's boolean is.
	"boolean": "bool",
	// REAL is SQLite's 8-byte IEEE float, the same as DOUBLE PRECISION.
	"real": "real", "double precision": "real", "double": "real",
	// Bytes, for the session store's data.
	"blob": "bytes", "bytea": "bytes",
}

// datesAsText are the DATE columns of PostgreSQL that SQLite declares
// TEXT. SQLite has no date type: models.Date writes 'YYYY-MM-DD' to both,
// and as text in that form it sorts and compares as a date does. (The
// SQLite driver hands back a column declared DATE as a time.Time, not the
// text the SQLite queries compare with.)
var datesAsText = map[string]bool{
	"placements.move_on_date":    true,
	"safety_plans.review_by":     true,
	"street_contact_cells.month": true,
}

// normaliseDefault writes a column default one way: PostgreSQL casts its
// literals ('open'::text) and spells booleans false and true, which SQLite
// stores as 0 and 1.
func normaliseDefault(d string) string {
	if d == "" {
		return ""
	}
	d = normaliseSQL(d)
	switch d {
	case "false":
		d = "0"
	case "true":
		d = "1"
	}
	return " default " + d
}
